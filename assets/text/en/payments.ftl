# payments: English
