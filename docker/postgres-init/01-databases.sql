-- The platform's database (one schema per service) and the demo internal systems' database.
CREATE DATABASE dsar_demo;
