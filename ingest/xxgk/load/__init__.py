"""Loading into the warehouse: the raw schema (DDL, Arrow schemas), parsed records → rows, and the ingest.

Reading files (bytes → text) is xxgk.read; parsing (text → records) is xxgk.parse."""
