"""Sets up bench/booking.sh's data through the real API (and one SQL shortcut).

Accounts are registered over HTTP; to avoid one Argon2 hash per registration, all bench mentees
are inserted by SQL with the password hash of the first registered account, then log in.
Writes, into the work directory: `slots-url` (the slot listing to load) and `booking-data.lua`
(tokens, mentor ids and contested slot times for bench/booking.lua).
"""

import json
import os
import subprocess
import sys
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta, timezone

BASE, WORK = sys.argv[1], sys.argv[2]
# The database URL (with its password) comes in the environment, never on a command line.
DB_URL = urllib.parse.urlsplit(os.environ["BENCH_DB"])
DB = DB_URL._replace(netloc=f"{DB_URL.username}@{DB_URL.hostname}:{DB_URL.port}").geturl()
PSQL_ENV = {**os.environ, "PGPASSWORD": urllib.parse.unquote(DB_URL.password or "")}
PASSWORD = "a long enough passphrase"
MENTORS, MENTEES_PER_MENTOR, CONTESTED_SLOTS = 10, 10, 12


def call(method, path, token=None, body=None):
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(BASE + path, data=data, method=method)
    request.add_header("Content-Type", "application/json")
    if token:
        request.add_header("Authorization", "Bearer " + token)
    try:
        with urllib.request.urlopen(request) as response:
            return response.status, json.loads(response.read() or b"null")
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"null")


def psql(sql):
    subprocess.run(["psql", "-qtA", DB, "-c", sql], check=True, stdout=subprocess.DEVNULL, env=PSQL_ENV)


def register(email, role, name):
    status, body = call("POST", "/api/v1/auth/register", body={"email": email, "password": PASSWORD, "name": name, "role": role})
    assert status == 201, body
    return body["token"], body["user"]["id"]


def login(email):
    status, body = call("POST", "/api/v1/auth/login", body={"email": email, "password": PASSWORD})
    assert status == 200, body
    return body["token"]


# One mentor with a full week and 100 booked sessions, for the slot listing.
full_token, full_id = register("full-week@bench.example.org", "mentor", "Full Week")
call("PUT", "/api/v1/me/profile", full_token, {"timezone": "Europe/London", "max_mentees": 50})
week = [{"weekday": d, "start": s, "end": e} for d in range(1, 8) for s, e in (("08:00", "12:00"), ("13:00", "18:00"))]
assert call("PUT", "/api/v1/me/availability", full_token, {"blocks": week, "days_off": []})[0] == 200

# Contention: mentors with the same weekly set, mentees inserted by SQL and paired.
mentors = []
for m in range(MENTORS):
    token, mentor_id = register(f"mentor{m}@bench.example.org", "mentor", f"Mentor {m}")
    call("PUT", "/api/v1/me/profile", token, {"timezone": "UTC", "max_mentees": 50})
    assert call("PUT", "/api/v1/me/availability", token, {"blocks": week, "days_off": []})[0] == 200
    mentors.append(mentor_id)
register("mentee-template@bench.example.org", "mentee", "Template")
psql(f"""
INSERT INTO users (email, password_hash, name, role)
SELECT 'mentee' || i || '@bench.example.org', t.password_hash, 'Mentee ' || i, 'mentee'
FROM generate_series(0, {MENTORS * MENTEES_PER_MENTOR} - 1) i,
     (SELECT password_hash FROM users WHERE email = 'mentee-template@bench.example.org') t;
INSERT INTO profiles (user_id) SELECT id FROM users WHERE email LIKE 'mentee%@bench.example.org' AND name <> 'Template';
WITH pairs AS (
  SELECT u.id AS mentee_id,
         (ARRAY[{",".join(f"'{m}'::uuid" for m in mentors)}])[(substring(u.email from 'mentee([0-9]+)')::int % {MENTORS}) + 1] AS mentor_id
  FROM users u WHERE u.email ~ '^mentee[0-9]+@bench'
), requests AS (
  INSERT INTO mentorship_requests (mentee_id, mentor_id, message, status, decided_at)
  SELECT mentee_id, mentor_id, 'bench', 'accepted', now() FROM pairs RETURNING id, mentee_id, mentor_id
)
INSERT INTO mentorships (request_id, mentor_id, mentee_id) SELECT id, mentor_id, mentee_id FROM requests;
-- The full-week mentor's 100 mentees, each paired.
WITH requests AS (
  INSERT INTO mentorship_requests (mentee_id, mentor_id, message, status, decided_at)
  SELECT u.id, '{full_id}', 'bench', 'accepted', now() FROM users u WHERE u.email ~ '^mentee[0-9]+@bench'
  RETURNING id, mentee_id, mentor_id
)
INSERT INTO mentorships (request_id, mentor_id, mentee_id) SELECT id, mentor_id, mentee_id FROM requests;
""")

emails = [f"mentee{i}@bench.example.org" for i in range(MENTORS * MENTEES_PER_MENTOR)]
with ThreadPoolExecutor(max_workers=4) as pool:
    tokens = list(pool.map(login, emails))

# 100 sessions already booked with the full-week mentor: every fourth 30-minute slot.
now = datetime.now(timezone.utc)
horizon = now + timedelta(days=56)
params = f"from={now.isoformat().replace('+00:00', 'Z')}&to={horizon.isoformat().replace('+00:00', 'Z')}&duration=30"
_, listing = call("GET", f"/api/v1/mentors/{full_id}/slots?{params}")
for i, token in enumerate(tokens):
    status, body = call("POST", "/api/v1/sessions", token, {
        "mentor_id": full_id, "starts_at": listing["slots"][i * 4]["starts_at"], "duration_minutes": 30, "agenda": "already booked",
    })
    assert status == 201, body
with open(f"{WORK}/slots-url", "w") as out:
    out.write(f"{BASE}/api/v1/mentors/{full_id}/slots?{params}\n")

# The contested slots: each mentor's first twelve 60-minute starts.
lines = ["return {", "  mentees = {"]
for i, token in enumerate(tokens):
    lines.append(f'    {{ token = "{token}", mentor = "{mentors[i % MENTORS]}" }},')
lines.append("  },")
lines.append("  slots = {")
for mentor_id in mentors:
    _, body = call("GET", f"/api/v1/mentors/{mentor_id}/slots?duration=60")
    starts = ", ".join(f'"{s["starts_at"]}"' for s in body["slots"][:CONTESTED_SLOTS])
    lines.append(f'    ["{mentor_id}"] = {{ {starts} }},')
lines += ["  },", "}"]
with open(f"{WORK}/booking-data.lua", "w") as out:
    out.write("\n".join(lines) + "\n")
print(f"    {len(tokens)} mentees logged in, {MENTORS} contested mentors, 100 sessions pre-booked")
