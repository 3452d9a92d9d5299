# print: svenska
