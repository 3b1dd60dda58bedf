"""Watchlists: standing queries matched against every stored article (percolator), their alert
levels, delivery (Atom, webhooks through an outbox) and learned categories. One module per job."""
