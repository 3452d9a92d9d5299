# app: svenska
