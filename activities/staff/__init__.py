"""The staff workspace pages of the activities app: activities with their funding,
meetings, progress reports and news posts (the news form links activities, so it
lives here rather than in ``forums``)."""
