"""Server-rendered pages (Jinja2), one module per area."""
