"""The parser's version, in a module of its own: the up-to-date check needs it without importing the
parser (its regexes and gazetteer take longer to load than an unchanged folder takes to check)."""

# Bump when a change to the parser can change its output: the ingest re-parses stored reports
# whose parser_version differs, even when their content hash is unchanged.
PARSER_VERSION = "0.5.0"   # 0.4.0: metadata and findings of issue 18; 0.5.0: PDFs read by their layout (issue 16)
