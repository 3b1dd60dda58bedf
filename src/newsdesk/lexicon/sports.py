"""Sports words: what makes a report a sports report, and how teams are spoken of."""

from __future__ import annotations

SPORTS = frozenset("""
soccer football cricket tennis golf rugby basketball baseball hockey athletics boxing cycling squash
badminton volleyball handball swimming skiing motor-racing formula nfl nba nhl mlb snooker darts rowing
sailing equestrian judo wrestling
""".split())
SPORT_CUES = frozenset("""
league championship cup match innings wickets wicket goals goal scored striker midfielder goalkeeper coach
season tournament seeded beat beats defeated halftime half-time quarter-final semi-final final draw drew
runs overs bowled batting fixtures standings points games innings unbeaten title
""".split())
TEAM_WORDS = frozenset({"beat", "beats", "drew", "draw", "lost", "lose", "loses", "defeated", "defeat", "v", "vs",
                        "vs.", "versus", "against", "host", "hosts", "hosted", "visit", "visiting", "play", "plays",
                        "played", "won", "win", "wins", "trail", "trailed", "led", "lead", "leads"})
# Words heading a line of a results table that are not names.
TABLE_SKIP = frozenset({"Result", "Results", "Scores", "Standings", "Note", "Notes", "Extras", "Total", "Fall",
                        "Bowling", "Batting", "Men", "Women", "Points", "Pts", "Played", "Group", "Division",
                        "Round", "First", "Second", "Third", "Final", "Semi", "Quarter", "Innings", "Close",
                        "Half", "Halftime", "Attendance", "Friday", "Saturday", "Sunday", "Monday", "Tuesday",
                        "Wednesday", "Thursday", "W", "D", "L", "GB", "PCT", "Avg", "Pct"})

# Roles a competitor is named after ("Wimbledon finalist MaliVai Washington", "striker Jan Oll").
PLAYER_ROLES = frozenset("""
finalist champion runner-up striker midfielder defender goalkeeper keeper forward winger fullback
quarterback pitcher catcher batsman bowler all-rounder wicketkeeper jockey sprinter hurdler rookie
seed captain skipper playmaker centre-back full-back
""".split())
