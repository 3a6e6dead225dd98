"""Model → HTML fragments, one module per concern. Every data value goes through html.escape();
nothing is re-templated."""
