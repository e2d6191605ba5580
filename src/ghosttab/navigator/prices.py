"""What a model's tokens cost: USD per million prompt and answer tokens, by model name.

The table holds well-known hosted models; a configuration (`ghosttab.toml`'s `[prices]`, or a
profile's own prices) overrides or extends it. A model that is in neither (a local server's) costs
nothing, so only the call limit bounds it.
"""

from __future__ import annotations

from collections.abc import Mapping

from pydantic import BaseModel, ConfigDict, Field


class Price(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    input_usd_per_mtok: float = Field(0.0, ge=0, description="USD for a million prompt tokens")
    output_usd_per_mtok: float = Field(0.0, ge=0, description="USD for a million answer tokens")

    def cost(self, tokens_in: int, tokens_out: int) -> float:
        return (tokens_in * self.input_usd_per_mtok + tokens_out * self.output_usd_per_mtok) / 1e6


FREE = Price()

# List prices (USD per million tokens, input / output) as the providers publish them.
KNOWN_PRICES: dict[str, Price] = {
    "gpt-4o": Price(input_usd_per_mtok=2.5, output_usd_per_mtok=10.0),
    "gpt-4o-mini": Price(input_usd_per_mtok=0.15, output_usd_per_mtok=0.6),
    "gpt-4.1": Price(input_usd_per_mtok=2.0, output_usd_per_mtok=8.0),
    "gpt-4.1-mini": Price(input_usd_per_mtok=0.4, output_usd_per_mtok=1.6),
    "gpt-4.1-nano": Price(input_usd_per_mtok=0.1, output_usd_per_mtok=0.4),
    "o4-mini": Price(input_usd_per_mtok=1.1, output_usd_per_mtok=4.4),
    "claude-3-5-haiku": Price(input_usd_per_mtok=0.8, output_usd_per_mtok=4.0),
    "claude-sonnet-4": Price(input_usd_per_mtok=3.0, output_usd_per_mtok=15.0),
    "gemini-2.0-flash": Price(input_usd_per_mtok=0.1, output_usd_per_mtok=0.4),
    "gemini-2.5-flash": Price(input_usd_per_mtok=0.3, output_usd_per_mtok=2.5),
    "deepseek-chat": Price(input_usd_per_mtok=0.27, output_usd_per_mtok=1.1),
}


def price_for(model: str, overrides: Mapping[str, Price] | None = None) -> Price:
    """The configured price of `model`, else the table's, else free. A provider prefix
    (`openai/gpt-4o-mini`, OpenRouter's style) and a dated suffix (`gpt-4o-2024-08-06`) still match."""
    table = {**KNOWN_PRICES, **(overrides or {})}
    names = [model, model.rsplit("/", 1)[-1]]
    for name in names:
        if name in table:
            return table[name]
    for name in names:
        # The longest known name the model's name starts with: `gpt-4o-mini-2024…` is gpt-4o-mini.
        matches = [known for known in table if name.startswith(known + "-")]
        if matches:
            return table[max(matches, key=len)]
    return FREE
