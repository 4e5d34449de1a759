"""confide.interop"""
