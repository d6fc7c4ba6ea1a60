# v0.2.16
# { "Depends": "py-genlayer:1jb45aa8ynh2a9c9xn3b7qqh8sm5q93hwfp7jqmwsfhh8jpz09h6" }
# A dynamic NFT whose traits follow the weather in its city: refresh() reads a weather report and
# an LLM maps it to traits. The answer is normalised (fixed keys, lower case, known values only)
# so that strict_eq can demand the very same traits from every validator.
import json

from genlayer import *

WEATHER = "https://weather.example/now?city="
ALLOWED = {
    "sky": ("clear", "cloudy", "rain", "snow", "storm"),
    "temperature": ("freezing", "cold", "mild", "hot"),
    "wind": ("calm", "breezy", "gale"),
}


def normalise(answer: dict) -> str:
    traits = {}
    for name, values in ALLOWED.items():
        value = str(answer.get(name, "")).strip().lower()
        if value not in values:
            raise gl.vm.UserError(f"the LLM gave an unknown {name}: {value!r}")
        traits[name] = value
    return json.dumps(traits, sort_keys=True)


class WeatherNFT(gl.Contract):
    owners: TreeMap[u256, Address]
    cities: TreeMap[u256, str]
    traits: TreeMap[u256, str]
    minted: u256

    def __init__(self):
        pass

    @gl.public.write
    def mint(self, city: str) -> int:
        token_id = self.minted
        self.minted += 1
        self.owners[token_id] = gl.message.sender_address
        self.cities[token_id] = city
        self.traits[token_id] = "{}"
        return token_id

    @gl.public.write
    def refresh(self, token_id: int) -> dict:
        if token_id not in self.cities:
            raise gl.vm.UserError(f"no token {token_id}")
        url = WEATHER + self.cities[token_id]

        def read_traits() -> str:
            report = gl.nondet.web.render(url, mode="text")
            answer = gl.nondet.exec_prompt(
                "Turn this weather report into traits for a picture.\n"
                f"Report: {report}\n"
                "Respond with JSON only: "
                + json.dumps({name: " | ".join(values) for name, values in ALLOWED.items()}),
                response_format="json",
            )
            return normalise(answer)

        self.traits[token_id] = gl.eq_principle.strict_eq(read_traits)
        return json.loads(self.traits[token_id])

    @gl.public.view
    def get_token(self, token_id: int) -> dict:
        if token_id not in self.cities:
            raise gl.vm.UserError(f"no token {token_id}")
        return {
            "owner": self.owners[token_id],
            "city": self.cities[token_id],
            "traits": json.loads(self.traits[token_id]),
        }
