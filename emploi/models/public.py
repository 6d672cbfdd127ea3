"""Public side of job offers: the listing page under the page tree, partners' exports."""
