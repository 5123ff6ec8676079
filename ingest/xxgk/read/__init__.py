"""Reading report files: which files a folder holds (scan), and one file's bytes → its exact text (read).

One module per concern: ``scan`` (walk a folder, hash files), ``read`` (one file → ``ReadResult``: the
size limits, the dispatch by format), ``result`` (``ReadResult``, ``ReadNote``, the quarantine reasons),
``sniff`` (what bytes look like), and one module per format — ``text`` (.txt/.html bytes, with
``decode`` picking the encoding), ``html`` (an HTML page → the text view the parser reads), ``pdf``,
``word`` (with ``document``, what the two document readers share). Nothing here touches the warehouse
(xxgk.load) or reads figures (xxgk.parse)."""
