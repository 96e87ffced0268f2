"""Speech to words with timings: faster-whisper (``whisper``), its model files on disk
(``model_files``) and the cutting of long recordings into pieces (``pieces``)."""
