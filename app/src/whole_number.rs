//! Integers as JSON Schema understands them: `5` and `5.0` are the same integer, so an API client
//! (or a generator of test data) that writes whole numbers as floats is not refused. Fractions,
//! numbers outside the target type and JSON strings are still refused. The value is asked for as
//! an `i64`, so form posts (where the decoder parses the text itself) keep working unchanged.

use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, Deserializer, Visitor};

struct Whole<T>(PhantomData<T>);

impl<'de, T: TryFrom<i64>> Visitor<'de> for Whole<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a whole number")
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<T, E> {
        T::try_from(v).map_err(|_| E::custom(format!("{v} is out of range")))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<T, E> {
        i64::try_from(v).map_err(|_| E::custom(format!("{v} is out of range"))).and_then(|v| self.visit_i64(v))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<T, E> {
        if v.fract() != 0.0 || !v.is_finite() || v.abs() > 9.0e15 {
            return Err(E::custom(format!("expected a whole number, not {v}")));
        }
        self.visit_i64(v as i64)
    }
}

/// `#[serde(deserialize_with = "crate::whole_number::deserialize")]`
pub fn deserialize<'de, D: Deserializer<'de>, T: TryFrom<i64>>(deserializer: D) -> Result<T, D::Error> {
    deserializer.deserialize_i64(Whole(PhantomData))
}

/// The same for an optional field (`null` or absent reads as `None`; pair with `#[serde(default)]`).
pub fn deserialize_option<'de, D: Deserializer<'de>, T: TryFrom<i64>>(deserializer: D) -> Result<Option<T>, D::Error> {
    struct MaybeWhole<T>(PhantomData<T>);
    impl<'de, T: TryFrom<i64>> Visitor<'de> for MaybeWhole<T> {
        type Value = Option<T>;
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("a whole number or null")
        }
        fn visit_none<E: de::Error>(self) -> Result<Option<T>, E> {
            Ok(None)
        }
        fn visit_unit<E: de::Error>(self) -> Result<Option<T>, E> {
            Ok(None)
        }
        fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Option<T>, D::Error> {
            deserialize(d).map(Some)
        }
    }
    deserializer.deserialize_option(MaybeWhole(PhantomData))
}

#[cfg(test)]
mod tests {
    #[derive(serde::Deserialize, Debug, PartialEq)]
    struct Sample {
        #[serde(deserialize_with = "super::deserialize")]
        n: u8,
        #[serde(default, deserialize_with = "super::deserialize_option")]
        m: Option<i32>,
    }

    fn read(json: &str) -> Result<Sample, serde_json::Error> {
        serde_json::from_str(json)
    }

    #[test]
    fn whole_floats_are_integers_and_fractions_are_not() {
        assert_eq!(read(r#"{"n": 5}"#).unwrap(), Sample { n: 5, m: None });
        assert_eq!(read(r#"{"n": 5.0, "m": 60.0}"#).unwrap(), Sample { n: 5, m: Some(60) });
        assert_eq!(read(r#"{"n": 1, "m": null}"#).unwrap(), Sample { n: 1, m: None });
        assert!(read(r#"{"n": 5.5}"#).is_err());
        assert!(read(r#"{"n": 256}"#).is_err());
        assert!(read(r#"{"n": -1}"#).is_err());
        assert!(read(r#"{"n": "x"}"#).is_err());
    }
}
