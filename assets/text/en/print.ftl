# print: English
