"""confide.api"""
