# sandbox: svenska
