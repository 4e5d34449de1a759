"""confide.privacy"""
