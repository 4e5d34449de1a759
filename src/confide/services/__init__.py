"""confide.services"""
