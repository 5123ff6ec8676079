"""Readers of report files (bytes → text the parser reads)."""
