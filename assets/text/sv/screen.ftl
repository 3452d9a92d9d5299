# screen: svenska
