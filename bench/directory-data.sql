-- Generates 10 000 active mentors with varied names, headlines, bios and skills for the
-- directory benchmark. Run against an empty, migrated database (bench/directory.sh does).
-- Every password hash is a placeholder: these accounts cannot log in.
WITH skills(pool) AS (
    SELECT ARRAY['rust','go','python','typescript','react','system design','distributed systems',
                 'databases','postgresql','machine learning','data science','devops','kubernetes',
                 'security','mobile','ios','android','product management','ux design',
                 'career growth','leadership','public speaking','interviewing','open source',
                 'testing','cloud architecture','aws','embedded','game development','technical writing']
),
names(first, last) AS (
    SELECT ARRAY['Amara','Bao','Carmen','Dmitri','Elif','Farah','Gustavo','Hana','Ivan','Jun','Kofi',
                 'Leila','Mateo','Nadia','Olu','Priya','Quentin','Rosa','Sanjay','Tamar'],
           ARRAY['Okafor','Nguyen','Garcia','Petrov','Yilmaz','Haddad','Silva','Kobayashi','Novak',
                 'Chen','Mensah','Rahimi','Rossi','Kowalski','Adeyemi','Sharma','Dubois','Moreno']
),
new_users AS (
    INSERT INTO users (email, password_hash, name, role, created_at)
    SELECT 'bench-mentor-' || i || '@example.org', 'not-a-real-hash',
           first[1 + i % 20] || ' ' || last[1 + (i / 20) % 18] || ' ' || i,
           'mentor', now() - make_interval(mins => i)
    FROM generate_series(1, 10000) AS i, names
    RETURNING id, email
)
INSERT INTO profiles (user_id, headline, bio, skills, timezone, accepting_mentees, max_mentees)
SELECT u.id,
       'Engineer with ' || (3 + n % 20) || ' years in ' || pool[1 + n % 30],
       'I help people grow in ' || pool[1 + (n * 7) % 30] || ' and ' || pool[1 + (n * 11) % 30] ||
       '. Practical sessions, real problems.',
       ARRAY[pool[1 + n % 30], pool[1 + (n * 7) % 30], pool[1 + (n * 13) % 30]],
       'UTC', n % 7 <> 0, 2 + n % 4
FROM (SELECT id, email, substring(email from 'bench-mentor-(\d+)@')::int AS n FROM new_users) u, skills;
ANALYZE users;
ANALYZE profiles;
