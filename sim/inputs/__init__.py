"""Readers of the public record the model learns from (the UN General Assembly roll calls)."""
