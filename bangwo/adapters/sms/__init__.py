"""SMS senders of one-time login codes: the development log and Tencent Cloud SMS."""
