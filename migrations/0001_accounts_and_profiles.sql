-- Accounts, login sessions (for server-side revocation), failed-login tracking and profiles.

CREATE TYPE user_role AS ENUM ('mentee', 'mentor', 'admin');

CREATE TABLE users (
    id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    email         text NOT NULL CHECK (length(email) BETWEEN 3 AND 254),
    password_hash text NOT NULL,
    name          text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    role          user_role NOT NULL,
    active        boolean NOT NULL DEFAULT true,
    created_at    timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now()
);

-- Emails are unique regardless of case: "Ana@x.org" and "ana@x.org" are one account.
CREATE UNIQUE INDEX users_email_lower_key ON users (lower(email));
CREATE INDEX users_role_idx ON users (role);

-- Every issued token names one of these rows; a token is honoured only while its row is
-- unrevoked and unexpired and its user active, so logout and deactivation act at once.
CREATE TABLE login_sessions (
    id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    user_id     uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at  timestamptz NOT NULL DEFAULT now(),
    expires_at  timestamptz NOT NULL,
    revoked_at  timestamptz,
    user_agent  text,
    ip          text
);
CREATE INDEX login_sessions_user_idx ON login_sessions (user_id);

-- Failed login attempts, kept in the database so the limit holds across server instances.
CREATE TABLE failed_logins (
    id           bigserial PRIMARY KEY,
    email_lower  text NOT NULL,
    ip           text NOT NULL,
    attempted_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX failed_logins_email_idx ON failed_logins (email_lower, attempted_at);
CREATE INDEX failed_logins_ip_idx ON failed_logins (ip, attempted_at);

CREATE TABLE profiles (
    user_id           uuid PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    headline          text NOT NULL DEFAULT '' CHECK (length(headline) <= 120),
    bio               text NOT NULL DEFAULT '' CHECK (length(bio) <= 4000),
    skills            text[] NOT NULL DEFAULT '{}' CHECK (cardinality(skills) <= 20),
    goals             text[] NOT NULL DEFAULT '{}' CHECK (cardinality(goals) <= 20),
    timezone          text NOT NULL DEFAULT 'UTC',
    accepting_mentees boolean NOT NULL DEFAULT true,
    max_mentees       integer NOT NULL DEFAULT 3 CHECK (max_mentees BETWEEN 1 AND 50),
    updated_at        timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX profiles_skills_idx ON profiles USING gin (skills);
