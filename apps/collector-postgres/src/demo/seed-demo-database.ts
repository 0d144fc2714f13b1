import { Client } from 'pg';

/**
 * The demo internal systems the embedded mode and the tests collect from, shaped after the
 * reference privacy policies: a CRM, a learning platform, billing, support and chat, marketing,
 * recruitment, call recordings and web analytics, one schema each. Idempotent: re-seeding
 * replaces the demo rows. Ada Lovelace (ada@example.org) is in every system.
 */
export async function seedDemoDatabase(url: string): Promise<void> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('BEGIN');
    // Concurrent seeders (two launchers, parallel suites) take turns.
    await client.query(`SELECT pg_advisory_xact_lock(hashtext('dsar-demo-seed'))`);
    await client.query(SCHEMA);
    await client.query(ROWS);
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  } finally {
    await client.end();
  }
}

const SCHEMA = `
  CREATE SCHEMA IF NOT EXISTS crm;
  CREATE SCHEMA IF NOT EXISTS marketing;
  CREATE SCHEMA IF NOT EXISTS learning;
  CREATE SCHEMA IF NOT EXISTS billing;
  CREATE SCHEMA IF NOT EXISTS support;
  CREATE SCHEMA IF NOT EXISTS recruitment;
  CREATE SCHEMA IF NOT EXISTS calls;
  CREATE SCHEMA IF NOT EXISTS analytics;
  CREATE TABLE IF NOT EXISTS crm.customers (
    id serial PRIMARY KEY, email text NOT NULL UNIQUE, customer_number text UNIQUE, first_name text, last_name text, phone text,
    created_at timestamptz NOT NULL DEFAULT now(), closed_at date, in_litigation boolean NOT NULL DEFAULT false,
    processing_restricted boolean NOT NULL DEFAULT false);
  CREATE TABLE IF NOT EXISTS crm.orders (
    id serial PRIMARY KEY, customer_email text NOT NULL, product text NOT NULL, amount_cents int NOT NULL,
    currency text NOT NULL DEFAULT 'EUR', ordered_at timestamptz NOT NULL);
  CREATE TABLE IF NOT EXISTS marketing.subscriptions (
    id serial PRIMARY KEY, email text NOT NULL, list text NOT NULL, consent_given_at timestamptz NOT NULL,
    consent_source text NOT NULL, consent_withdrawn_at timestamptz);
  CREATE TABLE IF NOT EXISTS learning.progress (
    id serial PRIMARY KEY, learner_email text NOT NULL, course text NOT NULL, level text, lessons_completed int NOT NULL,
    last_activity_at timestamptz NOT NULL, processing_restricted boolean NOT NULL DEFAULT false);
  CREATE TABLE IF NOT EXISTS learning.lesson_ratings (
    id serial PRIMARY KEY, learner_email text NOT NULL, lesson text NOT NULL, rating int NOT NULL, comment text,
    rated_at timestamptz NOT NULL);
  CREATE TABLE IF NOT EXISTS billing.invoices (
    id serial PRIMARY KEY, email text NOT NULL, invoice_number text NOT NULL UNIQUE, billing_name text, billing_address text,
    amount_cents int NOT NULL, currency text NOT NULL DEFAULT 'EUR', issued_on date NOT NULL);
  CREATE TABLE IF NOT EXISTS billing.card_tokens (
    id serial PRIMARY KEY, email text NOT NULL, provider text NOT NULL, token text NOT NULL, last4 text, expires text);
  CREATE TABLE IF NOT EXISTS support.tickets (
    id serial PRIMARY KEY, requester_email text NOT NULL, subject text NOT NULL, status text NOT NULL,
    opened_at timestamptz NOT NULL, closed_on date);
  CREATE TABLE IF NOT EXISTS support.chat_messages (
    id serial PRIMARY KEY, participant_email text NOT NULL, author text NOT NULL, body text NOT NULL, sent_at timestamptz NOT NULL);
  CREATE TABLE IF NOT EXISTS recruitment.applications (
    id serial PRIMARY KEY, candidate_email text NOT NULL, full_name text, position text NOT NULL, cv_file text,
    cover_letter text, applied_on date NOT NULL, last_contact_on date NOT NULL);
  CREATE TABLE IF NOT EXISTS calls.recordings (
    id serial PRIMARY KEY, caller_email text NOT NULL, recording_uri text NOT NULL, duration_seconds int NOT NULL,
    purpose text NOT NULL, recorded_on date NOT NULL);
  CREATE TABLE IF NOT EXISTS analytics.identifiers (
    id serial PRIMARY KEY, email text NOT NULL, visitor_id text NOT NULL, cookie_id text, first_seen_on date NOT NULL,
    objected_at timestamptz);
  CREATE TABLE IF NOT EXISTS analytics.page_views (
    id bigserial PRIMARY KEY, email text NOT NULL, visitor_id text NOT NULL, url text NOT NULL, referrer text,
    user_agent text, viewed_at timestamptz NOT NULL);
  CREATE INDEX IF NOT EXISTS page_views_email ON analytics.page_views (lower(email));
  TRUNCATE crm.customers, crm.orders, marketing.subscriptions, learning.progress, learning.lesson_ratings, billing.invoices,
    billing.card_tokens, support.tickets, support.chat_messages, recruitment.applications, calls.recordings,
    analytics.identifiers, analytics.page_views RESTART IDENTITY;`;

const ROWS = `
  INSERT INTO crm.customers (email, customer_number, first_name, last_name, phone, created_at) VALUES
    ('ada@example.org', 'C-1815', 'Ada', 'Lovelace', '+44 20 7946 0018', '2024-02-11T09:30:00Z'),
    ('alan@example.org', 'C-1912', 'Alan', 'Turing', '+44 20 7946 0954', '2024-05-02T14:00:00Z'),
    ('grace@example.org', 'C-1906', 'Grace', 'Hopper', '+1 202 555 0147', '2025-01-20T08:15:00Z');
  INSERT INTO crm.orders (customer_email, product, amount_cents, currency, ordered_at) VALUES
    ('ada@example.org', 'English course, 20 lessons', 49000, 'EUR', '2024-03-01T10:00:00Z'),
    ('ada@example.org', 'Business English workshop', 18000, 'EUR', '2025-06-12T16:20:00Z'),
    ('alan@example.org', 'French course, 10 lessons', 25000, 'EUR', '2024-06-01T11:00:00Z');
  INSERT INTO marketing.subscriptions (email, list, consent_given_at, consent_source) VALUES
    ('ada@example.org', 'newsletter', '2024-02-11T09:31:00Z', 'sign-up form'),
    ('grace@example.org', 'newsletter', '2025-01-20T08:16:00Z', 'sign-up form');
  INSERT INTO learning.progress (learner_email, course, level, lessons_completed, last_activity_at) VALUES
    ('ada@example.org', 'English course, 20 lessons', 'B2', 14, '2025-09-30T18:00:00Z'),
    ('alan@example.org', 'French course, 10 lessons', 'A2', 3, '2024-07-01T12:00:00Z');
  INSERT INTO learning.lesson_ratings (learner_email, lesson, rating, comment, rated_at) VALUES
    ('ada@example.org', 'Phrasal verbs', 5, 'Clear and useful', '2025-04-02T19:10:00Z'),
    ('ada@example.org', 'Negotiating in English', 4, NULL, '2025-06-20T08:45:00Z');
  INSERT INTO billing.invoices (email, invoice_number, billing_name, billing_address, amount_cents, issued_on) VALUES
    ('ada@example.org', 'F-2024-0042', 'Ada Lovelace', '12 St James''s Square, London', 49000, '2024-03-01'),
    ('ada@example.org', 'F-2025-0311', 'Ada Lovelace', '12 St James''s Square, London', 18000, '2025-06-12'),
    ('alan@example.org', 'F-2024-0057', 'Alan Turing', 'Bletchley Park', 25000, '2024-06-01');
  INSERT INTO billing.card_tokens (email, provider, token, last4, expires) VALUES
    ('ada@example.org', 'demo-psp', 'tok_demo_ada_4242', '4242', '12/27');
  INSERT INTO support.tickets (requester_email, subject, status, opened_at, closed_on) VALUES
    ('ada@example.org', 'Cannot open lesson 12', 'closed', '2025-05-03T09:00:00Z', '2025-05-04'),
    ('ada@example.org', 'Invoice address', 'open', '2025-10-01T10:00:00Z', NULL);
  INSERT INTO support.chat_messages (participant_email, author, body, sent_at) VALUES
    ('ada@example.org', 'subject', 'Hello, lesson 12 will not open.', '2025-05-03T09:00:00Z'),
    ('ada@example.org', 'agent', 'Thank you, we are looking into it.', '2025-05-03T09:02:00Z');
  INSERT INTO recruitment.applications (candidate_email, full_name, position, cv_file, cover_letter, applied_on, last_contact_on) VALUES
    ('ada@example.org', 'Ada Lovelace', 'Course designer', 'cv-ada-lovelace.pdf', 'I design engines of thought.', '2025-02-01', '2025-03-15');
  INSERT INTO calls.recordings (caller_email, recording_uri, duration_seconds, purpose, recorded_on) VALUES
    ('ada@example.org', 'recordings/2025/09/ada-0001.ogg', 312, 'quality-and-training', '2025-09-12');
  INSERT INTO analytics.identifiers (email, visitor_id, cookie_id, first_seen_on) VALUES
    ('ada@example.org', 'v-7f3a9c', '_ga.1.2.7f3a9c', '2024-02-10'),
    ('alan@example.org', 'v-11be02', '_ga.1.2.11be02', '2024-05-01');
  INSERT INTO analytics.page_views (email, visitor_id, url, referrer, user_agent, viewed_at) VALUES
    ('ada@example.org', 'v-7f3a9c', '/courses/english', 'https://search.example', 'Mozilla/5.0', '2024-02-10T20:00:00Z'),
    ('ada@example.org', 'v-7f3a9c', '/pricing', '/courses/english', 'Mozilla/5.0', '2024-02-10T20:02:00Z');`;

/**
 * Gives one subject a large browsing history in the demo analytics system (about `bytes` of
 * export), for the export benchmark and the crash tests. Rows are generated by the server.
 */
export async function seedBulkPageViews(url: string, email: string, bytes: number): Promise<number> {
  const rowBytes = 1_000; // an exported line of the row below is about this long
  const rows = Math.ceil(bytes / rowBytes);
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(
      `INSERT INTO analytics.page_views (email, visitor_id, url, referrer, user_agent, viewed_at)
       SELECT $1, 'v-bulk', '/lessons/' || n || '?' || repeat('q', 700), '/courses/english', 'Mozilla/5.0 (X11; Linux x86_64) Gecko/20100101 Firefox/140.0',
              timestamptz '2025-01-01T00:00:00Z' + n * interval '1 second'
       FROM generate_series(1, $2::int) AS n`,
      [email, rows],
    );
  } finally {
    await client.end();
  }
  return rows;
}
