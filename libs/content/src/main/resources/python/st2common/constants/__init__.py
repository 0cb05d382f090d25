"""StackStorm's constants that pack code reads."""
