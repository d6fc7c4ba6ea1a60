# v0.2.16
# { "Depends": "py-genlayer:1jb45aa8ynh2a9c9xn3b7qqh8sm5q93hwfp7jqmwsfhh8jpz09h6" }
# Fantasy-sports matchups: two fantasy rosters score points in real games. An LLM totals each
# roster from the games' box scores; validators total them too and an LLM judge compares the two
# answers (comparative principle). Everyone who picked the winner earns a point in the standings.
import json
from dataclasses import dataclass

from genlayer import *

SCORING = "1 per point, 1.2 per rebound, 1.5 per assist, 3 per steal or block, -1 per turnover"


@allow_storage
@dataclass
class Matchup:
    home: str  # "Night Owls: Rivera, Okafor"
    away: str
    box_scores: DynArray[str]
    pickers: DynArray[Address]
    picks: DynArray[str]  # "home" or "away", one per picker
    result: str  # JSON {"home": "86.3", "away": "79.5", "winner": "home"}, "" until resolved


class FantasyLeague(gl.Contract):
    commissioner: Address
    matchups: DynArray[Matchup]
    standings: TreeMap[Address, u32]

    def __init__(self):
        self.commissioner = gl.message.sender_address

    @gl.public.write
    def create_matchup(self, home: str, away: str, box_scores: list[str]) -> int:
        if gl.message.sender_address != self.commissioner:
            raise gl.vm.UserError("only the commissioner can create matchups")
        self.matchups.append(Matchup(home, away, box_scores, [], [], ""))
        return len(self.matchups) - 1

    @gl.public.write
    def pick(self, matchup_id: int, side: str) -> None:
        matchup = self.open_matchup(matchup_id)
        if side not in ("home", "away"):
            raise gl.vm.UserError('pick "home" or "away"')
        me = gl.message.sender_address
        if me in matchup.pickers:
            matchup.picks[list(matchup.pickers).index(me)] = side
        else:
            matchup.pickers.append(me)
            matchup.picks.append(side)

    @gl.public.write
    def resolve(self, matchup_id: int) -> dict:
        matchup = self.open_matchup(matchup_id)
        home, away, urls = matchup.home, matchup.away, list(matchup.box_scores)

        def tally() -> str:
            pages = "\n\n".join(gl.nondet.web.render(url, mode="text") for url in urls)
            points = gl.nondet.exec_prompt(
                f"Fantasy scoring: {SCORING}.\nHome roster: {home}\nAway roster: {away}\n"
                f"Box scores:\n{pages}\n"
                'Total the fantasy points of each roster. Respond with JSON only: {"home": <points>, "away": <points>}',
                response_format="json",
            )
            h, a = round(float(points["home"]), 1), round(float(points["away"]), 1)
            winner = "home" if h > a else "away" if a > h else "tie"
            return json.dumps({"home": f"{h:.1f}", "away": f"{a:.1f}", "winner": winner})

        matchup.result = gl.eq_principle.prompt_comparative(
            tally, "The winner is the same and each roster's total differs by at most 2 points"
        )
        winner = json.loads(matchup.result)["winner"]
        for picker, side in zip(list(matchup.pickers), list(matchup.picks)):
            if side == winner:
                self.standings[picker] = self.standings.get(picker, 0) + 1
        return json.loads(matchup.result)

    def open_matchup(self, matchup_id: int) -> Matchup:
        if not 0 <= matchup_id < len(self.matchups):
            raise gl.vm.UserError(f"no matchup {matchup_id}")
        if self.matchups[matchup_id].result:
            raise gl.vm.UserError(f"matchup {matchup_id} is already resolved")
        return self.matchups[matchup_id]

    @gl.public.view
    def get_standings(self) -> dict:
        return {player.as_hex: points for player, points in self.standings.items()}
