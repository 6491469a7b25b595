"""The content in questionnaires/: its model, its loader and its Babel extractor."""
