# payments: svenska
