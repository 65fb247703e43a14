"""The EDC's pages: thin views that parse a form, call a service or a selector, and render."""
