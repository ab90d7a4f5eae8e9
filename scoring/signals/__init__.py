"""Signal finders: each reads the text and returns its evidence as Spans with offsets."""
