"""confide.store"""
