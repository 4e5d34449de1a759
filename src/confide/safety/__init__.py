"""confide.safety"""
