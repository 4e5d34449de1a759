"""confide.web"""
