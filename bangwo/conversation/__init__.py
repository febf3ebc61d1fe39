"""The conversation engine: understand -> decide -> confirm -> pay, one turn at a time."""
