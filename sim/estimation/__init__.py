"""Estimates learned from the public record: dynamic ideal points and their rolling-origin test."""
