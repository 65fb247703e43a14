"""The API's endpoints: thin views that parse, call a service or a selector, and answer."""
