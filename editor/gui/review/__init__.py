"""Review mode in the window: Track Changes, comments, the Review panel and menu."""
