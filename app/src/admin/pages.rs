use leptos::prelude::*;
