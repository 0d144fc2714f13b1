import { Client } from 'pg';

/**
 * The demo systems the embedded mode and the tests collect from: a CRM with customers
 * and orders, and a marketing list. Idempotent: re-seeding replaces the demo rows.
 */
export async function seedDemoDatabase(url: string): Promise<void> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('BEGIN');
    await client.query(`
      CREATE SCHEMA IF NOT EXISTS crm;
      CREATE SCHEMA IF NOT EXISTS marketing;
      CREATE TABLE IF NOT EXISTS crm.customers (
        id serial PRIMARY KEY, email text NOT NULL UNIQUE, first_name text, last_name text, phone text,
        created_at timestamptz NOT NULL DEFAULT now());
      CREATE TABLE IF NOT EXISTS crm.orders (
        id serial PRIMARY KEY, customer_email text NOT NULL, product text NOT NULL, amount_cents int NOT NULL,
        currency text NOT NULL DEFAULT 'EUR', ordered_at timestamptz NOT NULL);
      CREATE TABLE IF NOT EXISTS marketing.subscriptions (
        id serial PRIMARY KEY, email text NOT NULL, list text NOT NULL, consent_given_at timestamptz NOT NULL,
        consent_source text NOT NULL);
      TRUNCATE crm.customers, crm.orders, marketing.subscriptions RESTART IDENTITY;`);
    await client.query(`
      INSERT INTO crm.customers (email, first_name, last_name, phone, created_at) VALUES
        ('ada@example.org', 'Ada', 'Lovelace', '+44 20 7946 0018', '2024-02-11T09:30:00Z'),
        ('alan@example.org', 'Alan', 'Turing', '+44 20 7946 0954', '2024-05-02T14:00:00Z'),
        ('grace@example.org', 'Grace', 'Hopper', '+1 202 555 0147', '2025-01-20T08:15:00Z');
      INSERT INTO crm.orders (customer_email, product, amount_cents, currency, ordered_at) VALUES
        ('ada@example.org', 'English course, 20 lessons', 49000, 'EUR', '2024-03-01T10:00:00Z'),
        ('ada@example.org', 'Business English workshop', 18000, 'EUR', '2025-06-12T16:20:00Z'),
        ('alan@example.org', 'French course, 10 lessons', 25000, 'EUR', '2024-06-01T11:00:00Z');
      INSERT INTO marketing.subscriptions (email, list, consent_given_at, consent_source) VALUES
        ('ada@example.org', 'newsletter', '2024-02-11T09:31:00Z', 'sign-up form'),
        ('grace@example.org', 'newsletter', '2025-01-20T08:16:00Z', 'sign-up form');`);
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  } finally {
    await client.end();
  }
}
