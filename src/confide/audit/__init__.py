"""confide.audit"""
