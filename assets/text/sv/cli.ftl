# cli: svenska
