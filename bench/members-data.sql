-- Benchmark data: 100 000 members for the full-text directory search (and anything else that
-- wants a populated programme). Run against an empty, migrated database:
--
--   psql "$DATABASE_URL" -v ON_ERROR_STOP=1 -f bench/members-data.sql
--
-- It takes a minute or two on two cores and generates, all in one transaction:
--   * 30 000 mentors and 70 000 mentees with names from many cultures (Zoë, José, Łukasz, Ana
--     María, Nguyễn, Öztürk, …), emails that cannot collide, sign-up dates over four years and
--     25 IANA time zones. Every password hash is the placeholder 'not-a-real-hash': these
--     accounts never log in.
--   * Profiles: mentor headlines and 1–4 sentence bios from templates that mix the mentor's
--     skills with a few hundred other words; 2–6 skills each from a pool of 66 tags (many of
--     several words: "system design", "career growth", …; popular tags more often); goals from
--     the same pool (mentees 1–4, a third of the mentors 1–2); one mentor in 7 not accepting;
--     max_mentees 1–6. Mentees have shorter bios, some none.
--   * Requests in every status: 20 000 accepted with an active mentorship (never more than a
--     mentor's max_mentees; 3 000 mentees have two mentors), 16 000 accepted whose mentorship has
--     ended, 3 500 pending (to mentors with a free place), 4 000 declined, 1 500 cancelled.
--   * Weekly availability for ~85 % of mentors (ten working-week shapes, shifted and thinned per
--     mentor) and a few days off for about a third of them.
--   * Sessions: past ones for every mentorship, weekly to four-weekly, in the mentor's own weekly
--     hours (each of a mentor's mentees has their own hour of the week, so a mentor's sessions
--     never overlap; the few that would overlap for a mentee with two mentors are dropped), not on
--     days off, 6 % cancelled; one upcoming session for three quarters of the active mentorships.
--     Reminder and rating mails are marked as sent, so a server started on this data does not
--     send a backlog.
--   * Feedback for most past sessions of ~60 % of mentors, each mentor with their own typical
--     rating.
--
-- Profiles are inserted last. Their triggers then compute what they keep on the profile (the
-- search document, listing and active-mentee count of migration 0012, the vocabulary in
-- search_words) once per profile from the rows already there, while the triggers on
-- availability_blocks, mentorships and feedback, which update the member's profile, find none
-- yet: that spares some 260 000 single-row profile rewrites (each recomputing the search
-- document) and their dead rows. rating_count and rating_sum, which the feedback trigger (0004)
-- would have added up, are inserted as the count and sum of each mentor's feedback rows; no
-- other column that a trigger maintains is written.
--
-- Deterministic: no random(); every choice is a hash of a row number (hashint8extended), ids are
-- md5-derived uuids, and times are offsets from the transaction's start, rounded to the minute.
-- Members, profiles, requests and mentorships come out the same on every run; sessions follow
-- the calendar, so their number (and the ratings') moves a little with the day of the run.

\set ON_ERROR_STOP on
SET client_min_messages = warning;
-- Before any temporary table is touched in this session.
SET temp_buffers = '256MB';

BEGIN;
SET LOCAL work_mem = '128MB';
SET LOCAL maintenance_work_mem = '256MB';
-- The generated expressions are large; compiling them would cost more than it saves.
SET LOCAL jit = off;
SET LOCAL gin_pending_list_limit = '64MB';

DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM users) THEN
        RAISE EXCEPTION 'bench/members-data.sql expects an empty, migrated database';
    END IF;
END $$;

-- ---------------------------------------------------------------------------------------------
-- Helpers: a hash of (row number, salt), a uniform number in (0, 1], a pick from a list.
-- ---------------------------------------------------------------------------------------------
CREATE FUNCTION pg_temp.h(n bigint, salt int) RETURNS int LANGUAGE sql IMMUTABLE
AS $$ SELECT (abs(hashint8extended(n, salt) % 1000000007))::int $$;
CREATE FUNCTION pg_temp.u(n bigint, salt int) RETURNS float8 LANGUAGE sql IMMUTABLE
AS $$ SELECT (pg_temp.h(n, salt) + 1) / 1000000007.0::float8 $$;
CREATE FUNCTION pg_temp.pick(items text[], n bigint, salt int) RETURNS text LANGUAGE sql IMMUTABLE
AS $$ SELECT items[1 + pg_temp.h(n, salt) % cardinality(items)] $$;
-- The reference instant: every time in the data is an offset from it.
CREATE FUNCTION pg_temp.t0() RETURNS timestamptz LANGUAGE sql STABLE
AS $$ SELECT date_trunc('minute', now()) $$;
-- Letters an email address can carry ("Łukasz" → "lukasz", "Ana María" → "anamaria").
CREATE FUNCTION pg_temp.slug(name text) RETURNS text LANGUAGE sql IMMUTABLE
AS $$ SELECT regexp_replace(translate(lower(name),
        'áàâäãåāăąảçćčéèêëěęēễệíìîïıīłľńñňóòôöõøōőốộřśšşßťţúùûüůűūứýÿžźżğđď',
        'aaaaaaaaaaccceeeeeeeeeiiiiiillnnnoooooooooorssssttuuuuuuuuyyzzzgdd'), '[^a-z0-9]', '', 'g') $$;
-- How a tag reads in running text ("postgresql" → "PostgreSQL"); tags themselves stay lower-case.
CREATE FUNCTION pg_temp.disp(tag text) RETURNS text LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE tag
        WHEN 'python' THEN 'Python' WHEN 'javascript' THEN 'JavaScript' WHEN 'react' THEN 'React'
        WHEN 'rust' THEN 'Rust' WHEN 'go' THEN 'Go' WHEN 'typescript' THEN 'TypeScript'
        WHEN 'kubernetes' THEN 'Kubernetes' WHEN 'aws' THEN 'AWS' WHEN 'devops' THEN 'DevOps'
        WHEN 'postgresql' THEN 'PostgreSQL' WHEN 'java' THEN 'Java' WHEN 'android' THEN 'Android'
        WHEN 'ios' THEN 'iOS' WHEN 'ux design' THEN 'UX design' WHEN 'api design' THEN 'API design'
        WHEN 'c++' THEN 'C++' WHEN 'kotlin' THEN 'Kotlin' WHEN 'swift' THEN 'Swift'
        WHEN 'graphql' THEN 'GraphQL' WHEN 'terraform' THEN 'Terraform' WHEN 'linux' THEN 'Linux'
        WHEN 'elixir' THEN 'Elixir' ELSE tag END $$;
-- "a" or "an" before a word: "an engineering manager", "an SRE lead", "a UX researcher".
CREATE FUNCTION pg_temp.a(word text) RETURNS text LANGUAGE sql IMMUTABLE
AS $$ SELECT CASE WHEN word ~* '^[aeio]' OR word ~ '^(SRE|IT|MBA)\M' THEN 'an ' ELSE 'a ' END || word $$;
-- A job title inside a sentence: "Staff engineer" → "staff engineer", "CTO" stays.
CREATE FUNCTION pg_temp.lc(title text) RETURNS text LANGUAGE sql IMMUTABLE
AS $$ SELECT CASE WHEN title ~ '^[A-Z]{2}' THEN title ELSE lower(left(title, 1)) || substr(title, 2) END $$;

-- ---------------------------------------------------------------------------------------------
-- Word pools.
-- ---------------------------------------------------------------------------------------------
CREATE FUNCTION pg_temp.first_names() RETURNS text[] LANGUAGE sql IMMUTABLE AS $$ SELECT ARRAY[
    'Amara','Bao','Carmen','Dmitri','Elif','Farah','Gustavo','Hana','Ivan','Jun','Kofi','Leila',
    'Mateo','Nadia','Oluwaseun','Priya','Quentin','Rosa','Sanjay','Tamar','Uma','Viktor','Wen',
    'Ximena','Yusuf','Zara','Aiko','Bruno','Chloé','Diego','Zoë','José','Björn','Łukasz','Renée',
    'Ana María','François','Søren','Siobhán','Noémie','Małgorzata','Jürgen','Inés','Aurélien',
    'Thảo','Minh','Linh','Chidi','Ngozi','Emeka','Aisha','Fatima','Omar','Mehmet','Ayşe','Özlem',
    'Kenji','Yuki','Haruto','Sakura','Min-jun','Ji-woo','Wei','Xiu','Li Na','Arjun','Ananya',
    'Rohan','Kavya','Sofía','Valentina','Joaquín','Camila','Mónica','João','Beatriz','Letícia',
    'Gonçalo','Lars','Ingrid','Astrid','Henrik','Magnus','Saoirse','Niamh','Ciarán','Olga',
    'Sergei','Anastasia','Taras','Oksana','Kateřina','Tomáš','Zsófia','Bálint','Dana','Yael','Noa',
    'Eitan','Kwame','Abena','Thandiwe','Sipho','Wanjiru','Tendai','Mariam','Youssef','Layla',
    'Amir','Darius','Shirin','Pedro','Lucía','Emily','James','Sarah','Michael','Olivia','Noah',
    'Grace','Ethan','Hannah','Liam','Maya','Oscar','Freya','Elliot','Ruth','Marek','Zuzana',
    'Andrés','Catalina','Tiago','Raúl','Renata','Hüseyin','Cem','Erik','Sven','Mathilde','Hélène',
    'Théo','Gaël','Anaïs','Agnieszka','Dorothée','Paweł','Jörg'] $$;
CREATE FUNCTION pg_temp.last_names() RETURNS text[] LANGUAGE sql IMMUTABLE AS $$ SELECT ARRAY[
    'Okafor','Nguyen','García','Petrov','Yılmaz','Haddad','Silva','Kobayashi','Novak','Chen',
    'Mensah','Rahimi','Rossi','Kowalski','Adeyemi','Sharma','Dubois','Moreno','Iyer','Levi',
    'Patel','Andersson','Li','Hernández','Demir','Khan','Tanaka','Costa','Müller','Fernández',
    'Wójcik','Nowak','Lewandowski','Dvořák','Svoboda','Horváth','Nagy','Kovač','Jovanović',
    'Popescu','Ionescu','Papadopoulos','Georgiou','O''Brien','Murphy','MacLeod','Smith','Johnson',
    'Williams','Brown','Taylor','Wilson','Thompson','Martin','Lefèvre','Girard','Bernard',
    'Schmidt','Schäfer','Weiß','Fischer','Wagner','Becker','Jansen','de Vries','van den Berg',
    'Bakker','Nielsen','Jensen','Hansen','Johansson','Lindqvist','Virtanen','Korhonen','Ivanova',
    'Smirnova','Kuznetsov','Shevchenko','Bondarenko','Cohen','Mizrahi','Abadi','Farouk',
    'El-Sayed','Benali','Mansour','Öztürk','Kaya','Şahin','Çelik','Singh','Gupta','Reddy','Nair',
    'Banerjee','Das','Wang','Zhang','Liu','Huang','Zhao','Kim','Park','Lee','Choi','Sato','Suzuki',
    'Takahashi','Watanabe','Trần','Lê','Phạm','Nguyễn','Santos','Oliveira','Pereira','Rodrigues',
    'Gonçalves','Martínez','López','Sánchez','Pérez','Gómez','Díaz','Álvarez','Romero','Obi',
    'Nwosu','Eze','Balogun','Mwangi','Otieno','Kamau','Dlamini','Nkosi','Mokoena','Boateng',
    'Asante','Owusu','Diallo','Traoré','Ndiaye','Núñez','Søndergaard','Håkansson'] $$;
CREATE FUNCTION pg_temp.email_domains() RETURNS text[] LANGUAGE sql IMMUTABLE AS $$ SELECT ARRAY[
    'example.org','example.com','example.net','mail.example.org','members.example.com'] $$;
-- Repeated zones are the more common ones.
CREATE FUNCTION pg_temp.zones() RETURNS text[] LANGUAGE sql IMMUTABLE AS $$ SELECT ARRAY[
    'UTC','Europe/London','Europe/London','Europe/Dublin','Europe/Lisbon','Europe/Paris',
    'Europe/Berlin','Europe/Berlin','Europe/Madrid','Europe/Warsaw','Europe/Kyiv',
    'Europe/Istanbul','Africa/Lagos','Africa/Cairo','Africa/Nairobi','Africa/Johannesburg',
    'Asia/Dubai','Asia/Kolkata','Asia/Kolkata','Asia/Singapore','Asia/Shanghai','Asia/Tokyo',
    'Australia/Sydney','America/Sao_Paulo','America/Mexico_City','America/New_York',
    'America/New_York','America/Chicago','America/Los_Angeles','America/Los_Angeles'] $$;
-- Most popular first: skills are sampled with weight 1/sqrt(position).
CREATE FUNCTION pg_temp.tags() RETURNS text[] LANGUAGE sql IMMUTABLE AS $$ SELECT ARRAY[
    'python','career growth','system design','leadership','javascript','react','machine learning',
    'rust','go','typescript','distributed systems','product management','data science',
    'public speaking','interviewing','kubernetes','aws','devops','postgresql','databases',
    'security','ux design','cloud architecture','java','mobile','android','ios','testing',
    'open source','technical writing','engineering management','frontend','backend','api design',
    'microservices','data engineering','deep learning','natural language processing',
    'computer vision','site reliability','observability','performance tuning','c++','kotlin',
    'swift','graphql','terraform','linux','embedded','game development','accessibility',
    'design systems','user research','startups','fundraising','negotiation','remote work',
    'code review','agile coaching','team building','hiring','statistics','blockchain','compilers',
    'functional programming','elixir'] $$;
-- `how_many` tags drawn without repeats for member `n` (popular ones, early in tags(), more
-- often: a weighted draw by exponential keys), none of `excluded`; `salt` keeps draws apart.
CREATE FUNCTION pg_temp.draw_tags(n bigint, salt int, how_many int, excluded text[] DEFAULT '{}')
RETURNS text[] LANGUAGE sql IMMUTABLE AS $$
    SELECT ARRAY(SELECT t.tag FROM unnest(pg_temp.tags()) WITH ORDINALITY AS t(tag, i)
                 WHERE t.tag <> ALL (excluded)
                 ORDER BY ln(pg_temp.u(n * 100 + t.i, salt)) * sqrt(t.i) DESC
                 LIMIT how_many)
$$;
CREATE FUNCTION pg_temp.titles() RETURNS text[] LANGUAGE sql IMMUTABLE AS $$ SELECT ARRAY[
    'Staff engineer','Senior software engineer','Principal engineer','Engineering manager',
    'Tech lead','Data scientist','Product manager','Security engineer','SRE lead','Design lead',
    'CTO','Developer advocate','Machine learning engineer','Frontend engineer','Backend engineer',
    'Mobile developer','Platform engineer','Data engineer','UX researcher','Product designer',
    'Head of engineering','VP of engineering','QA lead','Solutions architect','Founder',
    'Research scientist','Freelance developer','Engineering director','Site reliability engineer',
    'Cloud architect'] $$;
CREATE FUNCTION pg_temp.companies() RETURNS text[] LANGUAGE sql IMMUTABLE AS $$ SELECT ARRAY[
    'Northwind','Globex','Initech','Hooli','Kestrel Labs','Lumen Health','Fjord Systems',
    'Baobab Pay','Sakura Games','Andes Cloud','Nordlicht Energie','Mistral Robotics',
    'Harbour Bank','Copperleaf','Tidewater Logistics','Quokka Labs','Zenith Mobility',
    'Atlas Freight','Pinecone Data','Café Digital','Saffron Analytics','Kilimanjaro Tech',
    'Aurora Insurance','Vértice','Blue Lotus','Oakridge University','Polaris Media',
    'Monsoon Retail','Helix Bio','Ironbark Studios','Tundra Security','Mosaic Health',
    'Brightline Education','Cedar & Co','Orbital Works'] $$;
CREATE FUNCTION pg_temp.industries() RETURNS text[] LANGUAGE sql IMMUTABLE AS $$ SELECT ARRAY[
    'fintech','healthcare','e-commerce','gaming','climate tech','logistics','media','education',
    'open-source infrastructure','telecoms','robotics','the public sector','biotech','travel',
    'insurance','energy','agritech','cybersecurity','retail','automotive','the space industry',
    'nonprofits'] $$;
CREATE FUNCTION pg_temp.audiences() RETURNS text[] LANGUAGE sql IMMUTABLE AS $$ SELECT ARRAY[
    'junior developers','career changers','new managers','bootcamp graduates','students',
    'women in tech','self-taught engineers','first-time founders','designers moving into product',
    'senior engineers','engineers from underrepresented groups','people returning after a career break',
    'aspiring tech leads','researchers moving into industry'] $$;
CREATE FUNCTION pg_temp.ving() RETURNS text[] LANGUAGE sql IMMUTABLE AS $$ SELECT ARRAY[
    'leading','building','designing','scaling','debugging','shipping','mentoring','coaching',
    'reviewing','hiring','migrating','refactoring','writing','teaching','running','planning',
    'testing','securing','automating','maintaining','launching','measuring','optimising',
    'documenting','modelling','deploying','interviewing','prototyping','operating','growing'] $$;
CREATE FUNCTION pg_temp.nouns() RETURNS text[] LANGUAGE sql IMMUTABLE AS $$ SELECT ARRAY[
    'teams','systems','designs','products','platforms','services','pipelines','interviews',
    'roadmaps','launches','codebases','startups','communities','APIs','databases',
    'data pipelines','mobile apps','design systems','payment systems','recommendation engines',
    'search engines','compilers','dashboards','experiments','onboarding programmes',
    'incident reviews','microservices','websites','games','models'] $$;
CREATE FUNCTION pg_temp.adjectives() RETURNS text[] LANGUAGE sql IMMUTABLE AS $$ SELECT ARRAY[
    'practical','honest','friendly','curious','pragmatic','hands-on','structured','relaxed',
    'candid','patient','direct','thoughtful','warm','rigorous','playful','focused','calm',
    'generous','down-to-earth','encouraging','demanding','informal'] $$;
CREATE FUNCTION pg_temp.org_adjectives() RETURNS text[] LANGUAGE sql IMMUTABLE AS $$ SELECT ARRAY[
    'small','fast-growing','large','remote-first','well-known','struggling','brand-new',
    'family-run','government-funded','award-winning','tiny','busy','international'] $$;
CREATE FUNCTION pg_temp.orgs() RETURNS text[] LANGUAGE sql IMMUTABLE AS $$ SELECT ARRAY[
    'startup','bank','agency','consultancy','university','hospital','nonprofit','scale-up',
    'research lab','studio','ministry','telecom','newspaper','retailer'] $$;
CREATE FUNCTION pg_temp.cities() RETURNS text[] LANGUAGE sql IMMUTABLE AS $$ SELECT ARRAY[
    'Lagos','Nairobi','Berlin','São Paulo','Kraków','Montréal','Zürich','Bogotá','Reykjavík',
    'Málaga','Tokyo','Seoul','Bengaluru','Karachi','Cairo','Istanbul','Lisbon','Dublin',
    'Helsinki','Warsaw','Mexico City','Buenos Aires','Toronto','Chicago','Singapore','Sydney',
    'Auckland','Cape Town','Accra','Kyiv','Athens','Göteborg','Düsseldorf','Medellín','Hanoi',
    'Dhaka','Casablanca','Lyon'] $$;
CREATE FUNCTION pg_temp.topics() RETURNS text[] LANGUAGE sql IMMUTABLE AS $$ SELECT ARRAY[
    'code review','technical interviews','salary negotiation','remote work','burnout',
    'promotions','architecture decisions','estimates','on-call','hiring','giving feedback',
    'side projects','open-source contributions','conference talks','writing documentation',
    'product discovery','stakeholder management','your first 90 days','working with designers',
    'impostor syndrome','time management','moving abroad','freelancing','technical debt',
    'accessibility','pairing','running meetings','career ladders'] $$;
CREATE FUNCTION pg_temp.fields() RETURNS text[] LANGUAGE sql IMMUTABLE AS $$ SELECT ARRAY[
    'teaching','journalism','accounting','nursing','music','law','biology','architecture',
    'hospitality','the military','physics','marketing','retail','graphic design',
    'civil engineering','chemistry','translation','finance'] $$;
CREATE FUNCTION pg_temp.artifacts() RETURNS text[] LANGUAGE sql IMMUTABLE AS $$ SELECT ARRAY[
    'CV','résumé','portfolio','design doc','pull requests','pitch deck','cover letter',
    'promotion packet','system design','LinkedIn profile','conference proposal',
    'take-home assignment'] $$;
CREATE FUNCTION pg_temp.events() RETURNS text[] LANGUAGE sql IMMUTABLE AS $$ SELECT ARRAY[
    'interview','performance review','promotion round','job search','conference talk','launch',
    'salary negotiation','career move'] $$;
CREATE FUNCTION pg_temp.languages() RETURNS text[] LANGUAGE sql IMMUTABLE AS $$ SELECT ARRAY[
    'English','Spanish','Portuguese','French','German','Polish','Hindi','Yoruba','Mandarin',
    'Japanese','Arabic','Turkish','Swahili','Korean','Italian','Dutch','Swedish','Vietnamese',
    'Ukrainian','Hebrew','Bengali','Urdu','Greek','Igbo','Tamil'] $$;
CREATE FUNCTION pg_temp.hobbies() RETURNS text[] LANGUAGE sql IMMUTABLE AS $$ SELECT ARRAY[
    'run marathons','bake sourdough','go climbing','play chess','paint watercolours',
    'play the cello','look after my garden','restore old bikes','brew coffee',
    'hike in the mountains','write short stories','play football','surf','knit',
    'take photographs','cook for friends','play board games','sail','build keyboards',
    'dance salsa','volunteer at a food bank','coach a youth basketball team'] $$;
CREATE FUNCTION pg_temp.conferences() RETURNS text[] LANGUAGE sql IMMUTABLE AS $$ SELECT ARRAY[
    'RustConf','PyCon','JSConf','KubeCon','QCon','local meetups','DevFest','FOSDEM','NDC',
    'GopherCon','React Summit','Lead Dev','PyData'] $$;
CREATE FUNCTION pg_temp.milestones() RETURNS text[] LANGUAGE sql IMMUTABLE AS $$ SELECT ARRAY[
    'a first developer job','a senior role','a staff promotion','a move into management',
    'technical interviews','a career change','a first conference talk','a startup launch',
    'a job abroad'] $$;
CREATE FUNCTION pg_temp.values_() RETURNS text[] LANGUAGE sql IMMUTABLE AS $$ SELECT ARRAY[
    'clarity','kindness','curiosity','ownership','simplicity','craft','psychological safety',
    'honest feedback','a sustainable pace','inclusion','learning in public','good documentation'] $$;
CREATE FUNCTION pg_temp.achievements() RETURNS text[] LANGUAGE sql IMMUTABLE AS $$ SELECT ARRAY[
    'led the migration to the cloud','built the payments platform','designed the search engine',
    'scaled the data platform to millions of users','started the mentoring programme',
    'rebuilt the mobile apps','shipped the first version of the product',
    'grew the team from three to thirty engineers','introduced code reviews and testing',
    'cut our cloud bill in half','ran the hiring process for two years',
    'wrote the style guide everyone still uses'] $$;
CREATE FUNCTION pg_temp.mentee_stages() RETURNS text[] LANGUAGE sql IMMUTABLE AS $$ SELECT ARRAY[
    'Junior developer','Computer science student','Bootcamp graduate','Self-taught programmer',
    'Career changer','New engineering manager','Mid-level engineer','Designer','Data analyst',
    'QA engineer','PhD student','Recent graduate'] $$;
CREATE FUNCTION pg_temp.mentee_titles() RETURNS text[] LANGUAGE sql IMMUTABLE AS $$ SELECT ARRAY[
    'Junior developer','QA engineer','Data analyst','Support engineer','Frontend developer',
    'Intern','Graduate engineer','IT technician','Product designer','Marketing analyst',
    'Lab technician','Backend developer','Business analyst','Teaching assistant'] $$;
CREATE FUNCTION pg_temp.goal_phrases() RETURNS text[] LANGUAGE sql IMMUTABLE AS $$ SELECT ARRAY[
    'landing my first developer job','getting promoted to senior','leading my first project',
    'moving into management','speaking at a conference','contributing to open source',
    'passing technical interviews','shipping my own app','becoming a better communicator',
    'getting a job abroad','finishing my degree with a strong portfolio'] $$;

-- ---------------------------------------------------------------------------------------------
-- Sentence templates. x is the row number times ten plus the sentence number, so every
-- sentence draws its own words. STABLE like format(), so that the planner inlines them.
-- ---------------------------------------------------------------------------------------------
-- Mentor sentences 0–4 open a bio; 5–21 follow.
CREATE FUNCTION pg_temp.mentor_sentence(t int, x bigint, sk text[], title text, company text,
                                        industry text, years int, city text)
RETURNS text LANGUAGE sql STABLE AS $$
    SELECT CASE t
    WHEN 0 THEN format('I have spent %s years %s %s in %s.', years, pg_temp.pick(pg_temp.ving(), x, 1),
                       pg_temp.pick(pg_temp.nouns(), x, 2), industry)
    WHEN 1 THEN format('I am %s at %s, where I work on %s and %s.', pg_temp.a(pg_temp.lc(title)), company,
                       pg_temp.disp(sk[1]), pg_temp.disp(sk[2]))
    WHEN 2 THEN format('For the last %s years I have been %s %s, mostly in %s.', years,
                       pg_temp.pick(pg_temp.ving(), x, 3), pg_temp.pick(pg_temp.nouns(), x, 4), industry)
    WHEN 3 THEN format('Hi! I am %s based in %s with a background in %s.', pg_temp.a(pg_temp.lc(title)), city,
                       pg_temp.pick(pg_temp.fields(), x, 5))
    WHEN 4 THEN format('I help %s get better at %s.', pg_temp.pick(pg_temp.audiences(), x, 6), pg_temp.disp(sk[1]))
    WHEN 5 THEN format('These days I lead a team of %s people at %s, working on %s.', 3 + pg_temp.h(x, 7) % 20,
                       company, pg_temp.disp(sk[1]))
    WHEN 6 THEN format('I enjoy helping people with %s and %s.', pg_temp.disp(sk[1]), pg_temp.disp(sk[2]))
    WHEN 7 THEN format('Before that I spent a few years %s %s at %s %s in %s.',
                       pg_temp.pick(pg_temp.ving(), x, 8), pg_temp.pick(pg_temp.nouns(), x, 9),
                       pg_temp.a(pg_temp.pick(pg_temp.org_adjectives(), x, 10)), pg_temp.pick(pg_temp.orgs(), x, 11),
                       pg_temp.pick(pg_temp.cities(), x, 12))
    WHEN 8 THEN format('Bring a problem you are stuck on: %s, %s or anything about %s.',
                       pg_temp.disp(sk[2]), pg_temp.disp(coalesce(sk[3], sk[1])), pg_temp.pick(pg_temp.topics(), x, 13))
    WHEN 9 THEN format('My sessions are %s and %s; we look at your real work, not at slides.',
                       pg_temp.pick(pg_temp.adjectives(), x, 14), pg_temp.pick(pg_temp.adjectives(), x, 15))
    WHEN 10 THEN format('I switched from %s into %s, so I know how hard a career change can feel.',
                        pg_temp.pick(pg_temp.fields(), x, 16), pg_temp.disp(sk[1]))
    WHEN 11 THEN format('Happy to review your %s before your next %s.', pg_temp.pick(pg_temp.artifacts(), x, 17),
                        pg_temp.pick(pg_temp.events(), x, 18))
    WHEN 12 THEN format('I speak %s and %s.', pg_temp.pick(pg_temp.languages(), x, 19),
                        pg_temp.pick(pg_temp.languages(), x, 20))
    WHEN 13 THEN format('Outside work I %s.', pg_temp.pick(pg_temp.hobbies(), x, 21))
    WHEN 14 THEN format('I have given talks about %s at %s and written about %s.', pg_temp.disp(sk[1]),
                        pg_temp.pick(pg_temp.conferences(), x, 22), pg_temp.pick(pg_temp.topics(), x, 23))
    WHEN 15 THEN format('Most of my mentees are %s preparing for %s.', pg_temp.pick(pg_temp.audiences(), x, 24),
                        pg_temp.pick(pg_temp.milestones(), x, 25))
    WHEN 16 THEN format('I care about %s and %s, and I mentor because someone once did it for me.',
                        pg_temp.pick(pg_temp.values_(), x, 26), pg_temp.pick(pg_temp.values_(), x, 27))
    WHEN 17 THEN format('Recently I have been %s %s with %s.', pg_temp.pick(pg_temp.ving(), x, 28),
                        pg_temp.pick(pg_temp.nouns(), x, 29), pg_temp.disp(sk[cardinality(sk)]))
    WHEN 18 THEN format('At %s I %s.', company, pg_temp.pick(pg_temp.achievements(), x, 30))
    WHEN 19 THEN format('Ask me about %s, %s or %s.', pg_temp.disp(sk[cardinality(sk)]),
                        pg_temp.pick(pg_temp.topics(), x, 31), pg_temp.pick(pg_temp.topics(), x, 32))
    WHEN 20 THEN format('I believe great %s come from %s.', pg_temp.pick(pg_temp.nouns(), x, 33),
                        pg_temp.pick(pg_temp.values_(), x, 34))
    ELSE format('So far I have mentored %s people through promotions, interviews and first leadership roles.',
                5 + pg_temp.h(x, 35) % 60)
    END $$;

CREATE FUNCTION pg_temp.mentee_sentence(t int, x bigint, goals text[], stage text, company text,
                                        city text, industry text)
RETURNS text LANGUAGE sql STABLE AS $$
    SELECT CASE t
    WHEN 0 THEN format('I am %s trying to get better at %s.', pg_temp.a(lower(stage)), pg_temp.disp(goals[1]))
    WHEN 1 THEN format('Right now I work as %s at %s.', pg_temp.a(pg_temp.lc(pg_temp.pick(pg_temp.mentee_titles(), x, 41))), company)
    WHEN 2 THEN format('I would love guidance on %s and %s.', pg_temp.disp(goals[1]),
                       coalesce(pg_temp.disp(goals[2]), pg_temp.pick(pg_temp.topics(), x, 42)))
    WHEN 3 THEN format('My goal this year is %s.', pg_temp.pick(pg_temp.goal_phrases(), x, 43))
    WHEN 4 THEN format('I learn best by %s real %s and getting honest feedback.',
                       pg_temp.pick(pg_temp.ving(), x, 44), pg_temp.pick(pg_temp.nouns(), x, 45))
    WHEN 5 THEN format('I am based in %s and usually free in the evenings.', city)
    WHEN 6 THEN format('Previously I worked in %s for %s years.', pg_temp.pick(pg_temp.fields(), x, 46),
                       2 + pg_temp.h(x, 47) % 11)
    WHEN 7 THEN format('I get nervous about %s and would like to practise.', pg_temp.pick(pg_temp.topics(), x, 48))
    WHEN 8 THEN format('I speak %s and %s.', pg_temp.pick(pg_temp.languages(), x, 49),
                       pg_temp.pick(pg_temp.languages(), x, 50))
    WHEN 9 THEN format('Outside work I %s.', pg_temp.pick(pg_temp.hobbies(), x, 51))
    ELSE format('I am looking for %s mentor who has worked on %s in %s.',
                pg_temp.a(pg_temp.pick(pg_temp.adjectives(), x, 52)), pg_temp.disp(goals[cardinality(goals)]), industry)
    END $$;

-- ---------------------------------------------------------------------------------------------
-- Members: n 1–30 000 are mentors, 30 001–100 000 mentees. A mentee's q (0–69 999) is their
-- place in a fixed shuffle; the mentorship and request plans below address mentees by q.
-- ---------------------------------------------------------------------------------------------
CREATE TEMP TABLE gen_member ON COMMIT DROP AS
SELECT n, id, role, q, first, last, first || ' ' || last AS name,
       pg_temp.slug(first) || '.' || pg_temp.slug(last) || '.' || n || '@'
           || pg_temp.pick(pg_temp.email_domains(), n, 104) AS email,
       -- Mentors and every mentee in the request plans joined 470–1 400 days ago (before any of
       -- their requests); the other mentees at any time in the last four years.
       pg_temp.t0() - make_interval(days => CASE WHEN role = 'mentor' THEN 470 + pg_temp.h(n, 105) % 930
                                                 WHEN q < 40000 THEN 470 + pg_temp.h(n, 105) % 530
                                                 ELSE pg_temp.h(n, 105) % 1400 END,
                                    mins => pg_temp.h(n, 106) % 1440) AS created_at,
       pg_temp.pick(pg_temp.zones(), n, 107) AS timezone
FROM (
    SELECT n, md5('members-bench/user/' || n)::uuid AS id,
           (CASE WHEN n <= 30000 THEN 'mentor' ELSE 'mentee' END)::user_role AS role,
           CASE WHEN n > 30000 THEN ((((n - 30124)::bigint * 17679) % 70000 + 70000) % 70000)::int END AS q,
           pg_temp.pick(pg_temp.first_names(), n, 101) AS first,
           CASE WHEN pg_temp.h(n, 102) % 100 < 5
                    THEN pg_temp.pick(pg_temp.last_names(), n, 103) || ' ' || pg_temp.pick(pg_temp.last_names(), n, 108)
                WHEN pg_temp.h(n, 102) % 100 < 8
                    THEN pg_temp.pick(pg_temp.last_names(), n, 103) || '-' || pg_temp.pick(pg_temp.last_names(), n, 108)
                ELSE pg_temp.pick(pg_temp.last_names(), n, 103) END AS last
    FROM generate_series(1, 100000) AS n
) people;
CREATE UNIQUE INDEX ON gen_member (n);

INSERT INTO users (id, email, password_hash, name, role, created_at, updated_at)
SELECT id, email, 'not-a-real-hash', name, role, created_at, created_at
FROM gen_member ORDER BY n;

-- ---------------------------------------------------------------------------------------------
-- Mentors' profile fields.
-- ---------------------------------------------------------------------------------------------
CREATE TEMP TABLE gen_mentor ON COMMIT DROP AS
SELECT m.n, m.id, m.first, m.timezone, m.created_at, s.skills, g.goals,
       pg_temp.pick(pg_temp.titles(), m.n, 110) AS title,
       pg_temp.pick(pg_temp.companies(), m.n, 111) AS company,
       pg_temp.pick(pg_temp.industries(), m.n, 112) AS industry,
       pg_temp.pick(pg_temp.cities(), m.n, 113) AS city,
       3 + pg_temp.h(m.n, 114) % 23 AS years,
       pg_temp.h(m.n, 115) % 7 <> 0 AS accepting,
       (ARRAY[1, 2, 2, 2, 3, 3, 3, 4, 4, 5, 6, 6])[1 + pg_temp.h(m.n, 116) % 12] AS max_mentees,
       pg_temp.h(m.n, 117) % 100 < 85 AS has_availability,
       pg_temp.h(m.n, 118) % 10 AS shape,
       (ARRAY[-60, -30, 0, 0, 0, 30, 60])[1 + pg_temp.h(m.n, 119) % 7] AS shift,
       -- A mentor's typical rating, mostly between 4 and 5; most mentors' mentees rate sessions.
       2.6 + 2.4 * sqrt(pg_temp.u(m.n, 120)) AS quality,
       pg_temp.h(m.n, 121) % 100 < 95 AS rated,
       (pg_temp.t0() AT TIME ZONE m.timezone)::date AS today_local
FROM gen_member m
CROSS JOIN LATERAL (
    SELECT pg_temp.draw_tags(m.n, 122, (ARRAY[2, 2, 3, 3, 3, 4, 4, 4, 5, 5, 6])[1 + pg_temp.h(m.n, 123) % 11])
               AS skills
) s
CROSS JOIN LATERAL (
    SELECT pg_temp.draw_tags(m.n, 124, (ARRAY[0, 0, 0, 0, 0, 0, 1, 1, 2])[1 + pg_temp.h(m.n, 125) % 9], s.skills)
               AS goals
) g
WHERE m.role = 'mentor';
CREATE UNIQUE INDEX ON gen_mentor (n);

ALTER TABLE gen_mentor ADD COLUMN headline text, ADD COLUMN bio text, ADD COLUMN meeting_place text;
UPDATE gen_mentor SET
    headline = CASE pg_temp.h(n, 130) % 8
        WHEN 0 THEN format('%s at %s — %s and %s', title, company, pg_temp.disp(skills[1]), pg_temp.disp(skills[2]))
        WHEN 1 THEN format('%s helping %s with %s', title, pg_temp.pick(pg_temp.audiences(), n, 131), pg_temp.disp(skills[1]))
        WHEN 2 THEN format('%s · %s years in %s', title, years, industry)
        WHEN 3 THEN format('%s in %s: %s, %s, %s', title, industry, pg_temp.disp(skills[1]),
                           pg_temp.disp(skills[2]), pg_temp.disp(coalesce(skills[3], 'mentoring')))
        WHEN 4 THEN format('Ex-%s %s, mentoring on %s', company, pg_temp.lc(title), pg_temp.disp(skills[1]))
        WHEN 5 THEN format('%s at %s. Ask me about %s', title, company, pg_temp.disp(skills[1]))
        WHEN 6 THEN format('%s years of %s; now %s at %s', years, pg_temp.disp(skills[1]), pg_temp.lc(title), company)
        ELSE format('%s who loves %s and %s', title, pg_temp.disp(skills[1]), pg_temp.disp(skills[2]))
    END,
    bio = (SELECT string_agg(pg_temp.mentor_sentence(
                                 CASE WHEN j = 0 THEN pg_temp.h(n, 132) % 5
                                      ELSE 5 + (pg_temp.h(n, 133) + j * (1 + pg_temp.h(n, 134) % 16)) % 17 END,
                                 n * 10 + j, skills, title, company, industry, years, city),
                             ' ' ORDER BY j)
           FROM generate_series(0, (ARRAY[0, 1, 1, 1, 2, 2, 2, 3, 3])[1 + pg_temp.h(n, 135) % 9]) AS j),
    meeting_place = CASE pg_temp.h(n, 136) % 10
        WHEN 0 THEN 'https://meet.example.org/' || pg_temp.slug(first) || '-' || n
        WHEN 1 THEN 'https://meet.example.org/' || pg_temp.slug(first) || '-' || n
        WHEN 2 THEN 'https://video.example.com/r/' || substr(md5('room' || n), 1, 10)
        WHEN 3 THEN 'Video call: I send the link the day before'
        WHEN 4 THEN 'Café near the station in ' || city || ', or a video call'
        WHEN 5 THEN 'Phone or video, whichever you prefer'
        ELSE '' END;
-- Headlines stay within 120 characters (a long title, company and tags can overflow template 3).
UPDATE gen_mentor SET headline = format('%s · %s years in %s', title, years, industry) WHERE length(headline) > 120;

-- ---------------------------------------------------------------------------------------------
-- Weekly availability: ten shapes of week (local times in minutes; 1440 = 24:00), shifted by up
-- to an hour per mentor, some weekdays left out, a few Saturday mornings added.
-- ---------------------------------------------------------------------------------------------
CREATE TEMP TABLE gen_shape (shape int, weekday int, start_min int, end_min int) ON COMMIT DROP;
INSERT INTO gen_shape
SELECT 0, d, 540, 720 FROM generate_series(1, 5) d              -- Mon–Fri 09:00–12:00
UNION ALL SELECT 1, d, 780, 1020 FROM generate_series(1, 4) d   -- Mon–Thu 13:00–17:00
UNION ALL SELECT 2, d, 1080, 1260 FROM generate_series(2, 6) d  -- Tue–Sat 18:00–21:00
UNION ALL SELECT 3, d, s, s + 120 FROM unnest(ARRAY[1, 3, 5]) d, unnest(ARRAY[480, 960]) s  -- M/W/F 08–10, 16–18
UNION ALL SELECT 4, d, 600, 840 FROM unnest(ARRAY[6, 7]) d      -- weekends 10:00–14:00
UNION ALL VALUES (5, 2, 1140, 1290), (5, 4, 1140, 1290), (5, 6, 540, 660)  -- Tue/Thu 19:00–21:30, Sat 09–11
UNION ALL SELECT 6, d, s, s + 60 FROM generate_series(1, 5) d, unnest(ARRAY[450, 720]) s  -- 07:30–08:30, 12–13
UNION ALL VALUES (7, 3, 840, 1080), (7, 5, 540, 660)            -- Wed 14–18, Fri 09–11
UNION ALL SELECT 8, d, 1200, 1320 FROM generate_series(1, 7) d  -- every evening 20:00–22:00
UNION ALL VALUES (9, 1, 720, 1440), (9, 4, 360, 540);           -- Mon 12:00–24:00, Thu 06–09

CREATE TEMP TABLE gen_block ON COMMIT DROP AS
SELECT m.n AS mentor_n, m.id AS mentor_id, s.weekday,
       greatest(0, s.start_min + m.shift) AS start_min, least(1440, s.end_min + m.shift) AS end_min
FROM gen_mentor m
JOIN gen_shape s ON s.shape = m.shape
WHERE m.has_availability
  AND (s.weekday = (SELECT min(weekday) FROM gen_shape f WHERE f.shape = m.shape)
       OR pg_temp.h(m.n * 10 + s.weekday, 140) % 5 <> 0)
UNION ALL
SELECT m.n, m.id, 6, 600, 720
FROM gen_mentor m
WHERE m.has_availability AND m.shape NOT IN (2, 4, 5) AND pg_temp.h(m.n, 141) % 100 < 15;

INSERT INTO availability_blocks (id, mentor_id, weekday, starts_at, ends_at)
SELECT md5('members-bench/block/' || mentor_n || '/' || weekday || '/' || start_min)::uuid, mentor_id,
       weekday, make_time(start_min / 60, start_min % 60, 0), make_time(end_min / 60, end_min % 60, 0)
FROM gen_block ORDER BY mentor_n, weekday, start_min;

-- Days off for a third of the mentors with hours: 1–4 local dates between three weeks ago and
-- a month ahead.
CREATE TEMP TABLE gen_day_off ON COMMIT DROP AS
SELECT m.n AS mentor_n, m.id AS mentor_id,
       m.today_local - 21 + pg_temp.h(m.n, 150) % 30 + k * (2 + pg_temp.h(m.n, 151) % 6) AS day
FROM gen_mentor m, generate_series(0, pg_temp.h(m.n, 152) % 4) AS k
WHERE m.has_availability AND pg_temp.h(m.n, 153) % 100 < 35;
CREATE INDEX ON gen_day_off (mentor_n, day);

INSERT INTO availability_days_off (mentor_id, day)
SELECT mentor_id, day FROM gen_day_off ORDER BY mentor_n, day;

-- ---------------------------------------------------------------------------------------------
-- Mentorships. Active: the 20 000 best-placed of all mentors' places (a place is a number 1 to
-- max_mentees; popular mentors' places come first, so some mentors are full and many have
-- none). Numbered in mentor order, place j goes to mentee q = j, and places 17 000–19 999 to
-- mentees q = 0–2 999 again: two places of one mentor are never 17 000 apart, so a pair is never
-- active twice. Ended: 16 000, one per mentor, with mentees q 20 500–27 999 and 3 000–11 499.
-- ---------------------------------------------------------------------------------------------
CREATE TEMP TABLE gen_ms ON COMMIT DROP AS
WITH places AS (
    SELECT m.n, k, k * (0.05 + pg_temp.u(m.n, 160)) + 0.1 * pg_temp.u(m.n * 10 + k, 161) AS priority
    FROM gen_mentor m, generate_series(1, m.max_mentees) AS k
), chosen AS (
    SELECT n, k FROM places ORDER BY priority, n, k LIMIT 20000
), active AS (
    SELECT n AS mentor_n, k, (row_number() OVER (ORDER BY n, k) - 1)::int AS j FROM chosen
), plan AS (
    SELECT 'active' AS kind, j AS ms_no, mentor_n, k, CASE WHEN j < 17000 THEN j ELSE j - 17000 END AS mentee_q,
           pg_temp.t0() - make_interval(days => 7 + pg_temp.h(j, 162) % 273, mins => pg_temp.h(j, 163) % 1440) AS started_at,
           NULL::interval AS lasted
    FROM active
    UNION ALL
    SELECT 'ended', 20000 + e, 1 + (e * 7 + 11) % 30000, NULL,
           CASE WHEN e < 7500 THEN 20500 + e ELSE 3000 + (e - 7500) END,
           pg_temp.t0() - make_interval(days => 250 + pg_temp.h(e, 164) % 200, mins => pg_temp.h(e, 165) % 1440),
           make_interval(days => 28 + pg_temp.h(e, 166) % 71)
    FROM generate_series(0, 15999) AS e
)
SELECT p.kind, p.ms_no, p.mentor_n, mentor.id AS mentor_id, mentee.n AS mentee_n, mentee.id AS mentee_id,
       mentee.q AS mentee_q,
       -- The place decides the mentor's hour of the week; an ended mentorship had some place too.
       coalesce(p.k, 1 + pg_temp.h(p.ms_no, 167) % mentor.max_mentees) AS k,
       md5('members-bench/request/' || p.ms_no)::uuid AS request_id,
       md5('members-bench/mentorship/' || p.ms_no)::uuid AS mentorship_id,
       p.started_at,
       p.started_at + p.lasted AS ended_at,
       -- Sessions every 1–4 weeks (in units of the mentor's weekly round, see below).
       (ARRAY[1, 2, 2, 2, 3, 3, 4, 4])[1 + pg_temp.h(p.ms_no, 168) % 8] AS cadence,
       (ARRAY[60, 60, 60, 60, 60, 45, 45, 30, 30])[1 + pg_temp.h(p.ms_no, 169) % 9] AS minutes,
       -- How keen this mentee is on rating sessions (0: never).
       CASE WHEN pg_temp.h(p.ms_no, 170) % 100 < 12 THEN 0 ELSE 0.4 + 0.6 * pg_temp.u(p.ms_no, 171) END AS rating_habit
FROM plan p
JOIN gen_mentor mentor ON mentor.n = p.mentor_n
JOIN gen_member mentee ON mentee.n = 30001 + (p.mentee_q * 7919 + 123) % 70000;
ALTER TABLE gen_ms ADD COLUMN phase int;
UPDATE gen_ms SET phase = pg_temp.h(ms_no, 172) % cadence;
CREATE UNIQUE INDEX ON gen_ms (ms_no);
CREATE INDEX ON gen_ms (mentee_n);

-- ---------------------------------------------------------------------------------------------
-- Mentees' profile fields. A mentee with an active mentorship has one of their (first) mentor's
-- skills among their goals.
-- ---------------------------------------------------------------------------------------------
CREATE TEMP TABLE gen_mentee ON COMMIT DROP AS
SELECT m.n, m.id, m.q, m.first, m.timezone, m.created_at,
       CASE WHEN mentor_skill IS NULL OR mentor_skill = ANY (g.goals) THEN g.goals
            ELSE ARRAY[mentor_skill] || g.goals[1:cardinality(g.goals) - 1] END AS goals,
       s.skills,
       pg_temp.pick(pg_temp.mentee_stages(), m.n, 200) AS stage,
       pg_temp.pick(pg_temp.companies(), m.n, 201) AS company,
       pg_temp.pick(pg_temp.cities(), m.n, 202) AS city,
       pg_temp.pick(pg_temp.industries(), m.n, 203) AS industry,
       pg_temp.pick(pg_temp.fields(), m.n, 204) AS field
FROM gen_member m
LEFT JOIN LATERAL (
    SELECT pg_temp.pick(mentor.skills, ms.ms_no, 205) AS mentor_skill
    FROM gen_ms ms JOIN gen_mentor mentor ON mentor.n = ms.mentor_n
    WHERE ms.kind = 'active' AND ms.ms_no < 17000 AND ms.mentee_n = m.n
) first_mentor ON true
CROSS JOIN LATERAL (
    SELECT pg_temp.draw_tags(m.n, 206, (ARRAY[1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 4, 4])[1 + pg_temp.h(m.n, 207) % 12])
               AS goals
) g
CROSS JOIN LATERAL (
    SELECT pg_temp.draw_tags(m.n, 208, (ARRAY[0, 0, 0, 0, 1, 1, 1, 2, 2])[1 + pg_temp.h(m.n, 209) % 9], g.goals)
               AS skills
) s
WHERE m.role = 'mentee';
CREATE UNIQUE INDEX ON gen_mentee (n);

ALTER TABLE gen_mentee ADD COLUMN headline text, ADD COLUMN bio text;
UPDATE gen_mentee SET
    headline = CASE pg_temp.h(n, 210) % 10
        WHEN 0 THEN 'Junior developer learning ' || pg_temp.disp(goals[1])
        WHEN 1 THEN format('%s interested in %s', stage, pg_temp.disp(goals[1]))
        WHEN 2 THEN 'Growing in ' || pg_temp.disp(goals[1])
        WHEN 3 THEN format('Career switcher from %s to %s', field, pg_temp.disp(goals[1]))
        WHEN 4 THEN format('%s at %s', pg_temp.pick(pg_temp.mentee_titles(), n, 211), company)
        WHEN 5 THEN format('%s based in %s', stage, city)
        WHEN 6 THEN format('Learning %s, one project at a time', pg_temp.disp(goals[cardinality(goals)]))
        WHEN 7 THEN format('%s working towards %s', stage, pg_temp.pick(pg_temp.milestones(), n, 212))
        WHEN 8 THEN 'Looking for a mentor in ' || pg_temp.disp(goals[1])
        ELSE '' END,
    bio = coalesce((SELECT string_agg(pg_temp.mentee_sentence(
                                          (pg_temp.h(n, 213) + j * (1 + pg_temp.h(n, 214) % 10)) % 11,
                                          n * 10 + j, goals, stage, company, city, industry),
                                      ' ' ORDER BY j)
                    FROM generate_series(1, (ARRAY[0, 1, 1, 1, 2, 2, 2, 3, 3])[1 + pg_temp.h(n, 215) % 9]) AS j), '');

-- ---------------------------------------------------------------------------------------------
-- Requests: one accepted per mentorship (open while it is active), and the others.
-- ---------------------------------------------------------------------------------------------
-- Mentors who could take one more mentee (the rule of migration 0007), in a shuffled order.
CREATE TEMP TABLE gen_free ON COMMIT DROP AS
SELECT m.n, (row_number() OVER (ORDER BY pg_temp.h(m.n, 224), m.n) - 1)::int AS r
FROM gen_mentor m
LEFT JOIN (SELECT mentor_n, count(*) AS active FROM gen_ms WHERE kind = 'active' GROUP BY mentor_n) a
       ON a.mentor_n = m.n
WHERE has_free_place(m.accepting, m.max_mentees, coalesce(a.active, 0));

CREATE TEMP TABLE gen_request ON COMMIT DROP AS
-- Accepted: asked 1–10 days before the mentorship started, accepted when it started.
SELECT ms.request_id AS id, ms.mentee_n, ms.mentor_n, 'accepted'::request_status AS status,
       ms.started_at - make_interval(days => 1 + pg_temp.h(ms.ms_no, 220) % 10, mins => pg_temp.h(ms.ms_no, 221) % 600) AS created_at,
       ms.started_at AS decided_at, 'mentor' AS decided_by, NULL::text AS decision_reason,
       ms.kind = 'active' AS open, ms.ms_no AS seed
FROM gen_ms ms
UNION ALL
-- Pending, to mentors who are accepting and have a free place, asked in the last three weeks.
SELECT md5('members-bench/request/pending/' || p)::uuid, 30001 + ((17000 + p) * 7919 + 123) % 70000, f.n, 'pending',
       pg_temp.t0() - make_interval(days => pg_temp.h(p, 222) % 21, mins => 30 + pg_temp.h(p, 223) % 1400),
       NULL, NULL, NULL, true, 100000 + p
FROM generate_series(0, 3499) AS p
JOIN gen_free f ON f.r = pg_temp.h(p, 225) % (SELECT count(*) FROM gen_free)
UNION ALL
-- Declined within a week of asking, some with a reason.
SELECT md5('members-bench/request/declined/' || d)::uuid, 30001 + (((d * 17 + 5) % 40000) * 7919 + 123) % 70000,
       1 + pg_temp.h(d, 226) % 30000, 'declined', asked, asked + make_interval(hours => 2 + pg_temp.h(d, 228) % 160),
       'mentor',
       (ARRAY[NULL, NULL, NULL, NULL, 'My calendar is full this quarter, sorry!',
              'I do not think I am the right fit for this goal.',
              'I am taking a break from mentoring for a few weeks.',
              'Your goals would be a better match for someone with more hands-on experience.',
              'I only take mentees in nearby time zones, sorry.',
              'I already have as many mentees as I can help well.'])[1 + pg_temp.h(d, 229) % 10],
       false, 200000 + d
FROM generate_series(0, 3999) AS d,
     LATERAL (SELECT pg_temp.t0() - make_interval(days => 8 + pg_temp.h(d, 227) % 440) AS asked) a
UNION ALL
-- Cancelled by the mentee a few hours to days after asking.
SELECT md5('members-bench/request/cancelled/' || c)::uuid, 30001 + ((28000 + c) * 7919 + 123) % 70000,
       1 + pg_temp.h(c, 230) % 30000, 'cancelled', asked, asked + make_interval(hours => 1 + pg_temp.h(c, 232) % 96),
       'mentee', NULL, false, 300000 + c
FROM generate_series(0, 1499) AS c,
     LATERAL (SELECT pg_temp.t0() - make_interval(days => 5 + pg_temp.h(c, 231) % 440) AS asked) a;

INSERT INTO mentorship_requests (id, mentee_id, mentor_id, message, status, decision_reason, created_at,
                                 decided_at, decided_by, open)
SELECT r.id, mentee.id, mentor.id,
       format('Hi %s, ', mentor.first) || CASE pg_temp.h(r.seed, 240) % 6
           WHEN 0 THEN format('I am working towards %s and would value your perspective. Could we meet every two weeks?',
                              pg_temp.disp(mentee.goals[1]))
           WHEN 1 THEN format('your experience with %s caught my eye. Would you have time for a call this month?',
                              pg_temp.disp(mentor.skills[1]))
           WHEN 2 THEN format('I am %s and I would love some guidance on %s.', pg_temp.a(lower(mentee.stage)),
                              pg_temp.disp(mentee.goals[1]))
           WHEN 3 THEN format('I read your profile and think you could help me with %s. I am free most evenings (%s).',
                              pg_temp.disp(mentee.goals[1]), mentee.timezone)
           WHEN 4 THEN format('could you mentor me on %s? I can adapt to your time zone.', pg_temp.disp(mentee.goals[1]))
           ELSE format('I am preparing for %s and your background in %s is exactly what I need.',
                       pg_temp.pick(pg_temp.milestones(), r.seed, 241), mentor.industry)
       END,
       r.status, r.decision_reason, r.created_at, r.decided_at,
       CASE r.decided_by WHEN 'mentor' THEN mentor.id WHEN 'mentee' THEN mentee.id END, r.open
FROM gen_request r
JOIN gen_mentee mentee ON mentee.n = r.mentee_n
JOIN gen_mentor mentor ON mentor.n = r.mentor_n
ORDER BY r.created_at;

INSERT INTO mentorships (id, request_id, mentor_id, mentee_id, started_at, ended_at, ended_by, end_reason)
SELECT ms.mentorship_id, ms.request_id, ms.mentor_id, ms.mentee_id, ms.started_at, ms.ended_at,
       CASE WHEN ms.ended_at IS NOT NULL THEN
           CASE WHEN pg_temp.h(ms.ms_no, 250) % 2 = 0 THEN ms.mentor_id ELSE ms.mentee_id END END,
       CASE WHEN ms.ended_at IS NOT NULL THEN
           (ARRAY[NULL, NULL, NULL, 'We reached the goals we set.', 'I got the job, thank you!',
                  'I am moving to a new role with less free time.', 'We agreed to pause for now.',
                  'Time zones made it hard to meet.', 'We covered what I needed; I will come back next year.'])
           [1 + pg_temp.h(ms.ms_no, 251) % 9] END
FROM gen_ms ms ORDER BY ms.started_at;

-- ---------------------------------------------------------------------------------------------
-- Sessions. A mentor's weekly hours become hour-long starts, numbered 0…npos-1; place k takes
-- start (k-1) mod npos in weekly round (k-1) div npos of rounds = ceil(max_mentees / npos)
-- weeks, so two places of one mentor never share a start and week. Mentors without hours meet
-- at fixed weekday times. Sessions fall every `cadence` rounds from the mentorship's start
-- (weeks count back from this week's Monday in the mentor's zone).
-- ---------------------------------------------------------------------------------------------
CREATE TEMP TABLE gen_start ON COMMIT DROP AS
SELECT mentor_n, weekday, start_min,
       (row_number() OVER (PARTITION BY mentor_n ORDER BY weekday, start_min) - 1)::int AS pos
FROM (
    SELECT b.mentor_n, b.weekday, s AS start_min
    FROM gen_block b, generate_series(b.start_min, b.end_min - 60, 60) AS s
    UNION ALL
    SELECT m.n, d.weekday, d.start_min
    FROM gen_mentor m, (VALUES (2, 1080), (4, 1080), (1, 720), (3, 720), (5, 720), (6, 600)) AS d (weekday, start_min)
    WHERE NOT m.has_availability
) starts;
CREATE UNIQUE INDEX ON gen_start (mentor_n, pos);

CREATE TEMP TABLE gen_rounds ON COMMIT DROP AS
SELECT st.mentor_n, count(*)::int AS npos,
       ((m.max_mentees + count(*) - 1) / count(*))::int AS rounds
FROM gen_start st JOIN gen_mentor m ON m.n = st.mentor_n
GROUP BY st.mentor_n, m.max_mentees;
CREATE UNIQUE INDEX ON gen_rounds (mentor_n);

CREATE TEMP TABLE gen_session ON COMMIT DROP AS
WITH base AS (
    SELECT ms.ms_no, ms.kind, ms.mentorship_id, ms.mentor_n, ms.mentor_id, ms.mentee_n, ms.mentee_id,
           ms.started_at, ms.ended_at, ms.minutes, ms.rating_habit, m.timezone, m.quality, m.rated,
           m.today_local - (extract(isodow FROM m.today_local)::int - 1) AS monday,
           st.weekday, st.start_min,
           r.rounds * ms.cadence AS step,
           (ms.k - 1) / r.npos + r.rounds * ms.phase AS first_week
    FROM gen_ms ms
    JOIN gen_mentor m ON m.n = ms.mentor_n
    JOIN gen_rounds r ON r.mentor_n = ms.mentor_n
    JOIN gen_start st ON st.mentor_n = ms.mentor_n AND st.pos = (ms.k - 1) % r.npos
), dated AS (
    SELECT b.*, w, ms_no::bigint * 1000 + w + 500 AS seed,
           b.monday - 7 * w + (b.weekday - 1) AS local_day,
           ((b.monday - 7 * w + (b.weekday - 1)) + make_interval(mins => b.start_min)) AT TIME ZONE b.timezone AS starts_at
    FROM base b,
         generate_series(b.first_week - 2 * b.step,
                         ceil(extract(epoch FROM pg_temp.t0() - b.started_at) / 604800)::int + 1, b.step) AS w
), kept AS (
    SELECT d.*, d.starts_at + make_interval(mins => d.minutes) AS ends_at,
           d.starts_at > pg_temp.t0() AS upcoming,
           row_number() OVER (PARTITION BY d.ms_no, d.starts_at > pg_temp.t0() ORDER BY d.starts_at) AS nth
    FROM dated d
    WHERE d.starts_at >= d.started_at + interval '1 day'
      AND (d.ended_at IS NULL OR d.starts_at + make_interval(mins => d.minutes) <= d.ended_at)
      AND (d.starts_at + make_interval(mins => d.minutes) <= pg_temp.t0() - interval '1 hour'
           OR (d.kind = 'active' AND d.starts_at >= pg_temp.t0() + interval '12 hours'
               AND d.starts_at < pg_temp.t0() + interval '14 days'))
      AND NOT EXISTS (SELECT 1 FROM gen_day_off o WHERE o.mentor_n = d.mentor_n AND o.day = d.local_day)
      -- A week off now and then.
      AND (d.starts_at > pg_temp.t0() OR pg_temp.h(d.seed, 260) % 100 >= 10)
)
SELECT md5('members-bench/session/' || k.seed)::uuid AS id, k.seed, k.ms_no, k.mentorship_id,
       k.mentor_n, k.mentor_id, k.mentee_n, k.mentee_id, k.starts_at, k.ends_at, k.upcoming,
       k.quality, k.rated, k.rating_habit,
       pg_temp.h(k.seed, 261) % 100 < 6 AS cancelled,
       -- Booked 1–10 days ahead, never before the mentorship began, never in the future.
       least(pg_temp.t0() - interval '5 minutes',
             greatest(k.started_at + interval '1 hour',
                      k.starts_at - make_interval(days => 1 + pg_temp.h(k.seed, 262) % 9,
                                                  mins => pg_temp.h(k.seed, 263) % 600))) AS created_at
FROM kept k
WHERE NOT k.upcoming OR (k.nth = 1 AND pg_temp.h(k.ms_no, 264) % 100 < 75);

-- A mentee with two mentors (or an old one) could meet both at one time: keep the earlier session.
-- Cancelled sessions do not count (the exclusion constraints ignore them too).
DELETE FROM gen_session s USING (
    SELECT id FROM (
        SELECT id, starts_at, max(ends_at) OVER (PARTITION BY mentor_n ORDER BY starts_at, id
                                                 ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS busy_until
        FROM gen_session WHERE NOT cancelled) x
    WHERE busy_until > starts_at) clash
WHERE s.id = clash.id;
DELETE FROM gen_session s USING (
    SELECT id FROM (
        SELECT id, starts_at, max(ends_at) OVER (PARTITION BY mentee_n ORDER BY starts_at, id
                                                 ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS busy_until
        FROM gen_session WHERE NOT cancelled) x
    WHERE busy_until > starts_at) clash
WHERE s.id = clash.id;

INSERT INTO sessions (id, mentorship_id, mentor_id, mentee_id, starts_at, ends_at, agenda, status, created_at,
                      cancelled_at, cancelled_by, cancel_reason, reminder_sent_at, feedback_prompt_sent_at)
SELECT s.id, s.mentorship_id, s.mentor_id, s.mentee_id, s.starts_at, s.ends_at,
       CASE pg_temp.h(s.seed, 270) % 14
           WHEN 0 THEN 'Career planning for the next year' WHEN 1 THEN 'Review of my side project'
           WHEN 2 THEN 'Mock interview' WHEN 3 THEN 'Going through my CV'
           WHEN 4 THEN 'Preparing for my performance review'
           WHEN 5 THEN 'Talking through a difficult conversation at work'
           WHEN 6 THEN 'Code review of my pull request' WHEN 7 THEN 'Salary negotiation practice'
           WHEN 8 THEN 'Planning my first conference talk' WHEN 9 THEN 'Feedback on my portfolio'
           WHEN 10 THEN 'Catching up on last session''s homework'
           ELSE 'Questions about ' || pg_temp.disp(pg_temp.pick(mentor.skills, s.seed, 271)) END,
       (CASE WHEN s.cancelled THEN 'cancelled' ELSE 'scheduled' END)::session_status,
       s.created_at, c.cancelled_at,
       CASE WHEN s.cancelled THEN CASE WHEN pg_temp.h(s.seed, 272) % 2 = 0 THEN s.mentor_id ELSE s.mentee_id END END,
       CASE WHEN s.cancelled THEN
           (ARRAY[NULL, 'Something came up at work, sorry!', 'I am ill today.', 'Travelling that week.',
                  'Family emergency, sorry.', 'Double-booked, my apologies.'])[1 + pg_temp.h(s.seed, 273) % 6] END,
       -- The reminder went out a day ahead (none for sessions booked within a day of their start).
       CASE WHEN s.starts_at - s.created_at > interval '24 hours'
                 AND s.starts_at - interval '24 hours' <= least(pg_temp.t0(), coalesce(c.cancelled_at, pg_temp.t0()))
            THEN s.starts_at - interval '24 hours' END,
       -- The invitation to rate went out just after the end.
       CASE WHEN NOT s.cancelled AND s.ends_at <= pg_temp.t0() - interval '5 minutes'
            THEN s.ends_at + make_interval(mins => 1 + pg_temp.h(s.seed, 274) % 4) END
FROM gen_session s
JOIN gen_mentor mentor ON mentor.n = s.mentor_n
CROSS JOIN LATERAL (
    SELECT CASE WHEN s.cancelled THEN
        least(pg_temp.t0() - interval '1 minute',
              s.created_at + (s.starts_at - s.created_at) * (0.2 + 0.7 * pg_temp.u(s.seed, 275))) END AS cancelled_at
) c
ORDER BY s.mentor_id, s.starts_at;

-- ---------------------------------------------------------------------------------------------
-- Feedback: past sessions of mentors whose mentees rate, as often as each mentee's habit says;
-- ratings around the mentor's typical rating.
-- ---------------------------------------------------------------------------------------------
INSERT INTO feedback (session_id, mentor_id, mentee_id, rating, comment, created_at)
SELECT s.id, s.mentor_id, s.mentee_id,
       greatest(1, least(5, round(s.quality + (pg_temp.u(s.seed, 280) + pg_temp.u(s.seed, 281) - 1) * 1.6)))::smallint,
       (ARRAY['', '', '', '', '', '', 'Clear, practical advice. I left with three concrete next steps.',
              'Really helpful session on preparing for my interviews.',
              'Good conversation, though we ran out of time for my second question.',
              'Patient and kind; the code review exercise was eye-opening.',
              'We went through my design doc line by line. Worth every minute.',
              'Great questions that made me rethink my plan.', 'Thank you!', 'Very useful, as always.',
              'A bit rushed this time, but still helpful.', 'Honest feedback on my CV, exactly what I needed.',
              'We practised a system design interview; I feel much more confident.',
              'Helped me prepare for a hard conversation with my manager.',
              'The session started late and felt unfocused.', 'Lots of good book and course recommendations.'])
           [1 + pg_temp.h(s.seed, 282) % 20],
       least(pg_temp.t0() - interval '1 minute', s.ends_at + make_interval(mins => 10 + pg_temp.h(s.seed, 283) % 4000))
FROM gen_session s
WHERE NOT s.cancelled AND s.rated
  AND s.ends_at <= pg_temp.t0() - interval '3 hours'
  AND pg_temp.u(s.seed, 284) <= s.rating_habit
ORDER BY s.mentor_id, s.ends_at;

-- ---------------------------------------------------------------------------------------------
-- Profiles, last (see the top): each mentor's rating_count and rating_sum are those of their
-- feedback rows; the profile triggers fill in the rest from the user, blocks and mentorships.
-- ---------------------------------------------------------------------------------------------
INSERT INTO profiles (user_id, headline, bio, skills, goals, timezone, accepting_mentees, max_mentees,
                      meeting_place, rating_count, rating_sum, updated_at)
SELECT m.id, m.headline, m.bio, m.skills, m.goals, m.timezone, m.accepting, m.max_mentees, m.meeting_place,
       coalesce(r.ratings, 0), coalesce(r.total, 0),
       least(pg_temp.t0(), m.created_at + make_interval(days => pg_temp.h(m.n, 290) % 400))
FROM gen_mentor m
LEFT JOIN (SELECT mentor_id, count(*)::int AS ratings, sum(rating)::int AS total FROM feedback GROUP BY mentor_id) r
       ON r.mentor_id = m.id
ORDER BY m.n;

INSERT INTO profiles (user_id, headline, bio, skills, goals, timezone, updated_at)
SELECT m.id, m.headline, m.bio, m.skills, m.goals, m.timezone,
       least(pg_temp.t0(), m.created_at + make_interval(days => pg_temp.h(m.n, 290) % 400))
FROM gen_mentee m
ORDER BY m.n;

-- Merge what the inserts left in the GIN indexes' pending lists (the trigram index of the search
-- text among them), as autovacuum would in time: searches should not scan a long pending list.
SELECT count(gin_clean_pending_list(i.indexrelid)) AS gin_indexes_cleaned
FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_am a ON a.oid = c.relam
WHERE i.indrelid = 'profiles'::regclass AND a.amname = 'gin';

COMMIT;

ANALYZE;
