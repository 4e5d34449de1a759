"""confide.policy"""
