"""`make preview`: the watcher, the resident build that shows a saved record at once, and the local server."""
