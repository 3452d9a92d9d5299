# sandbox: English
