# control_unit: svenska

## src/control_unit/mod.rs: varför kontrollenheten inte gav någon kontrollkod
control-unit-unreachable = Kontrollenheten svarar inte ({ $url }): försäljningen kan inte registreras. Kontrollera kontrollenheten och försök igen – inget har sparats.
control-unit-out-of-order = Kontrollenheten är ur funktion ({ $url }): { $reason }. Försäljningen kan inte registreras förrän den fungerar igen – inget har sparats. Ett fel på kontrollenheten ska dokumenteras och anmälas till Skatteverket.
control-unit-refused = Kontrollenheten godtog inte registreringen: { $reason }. Inget har sparats.
control-unit-protocol = Oväntat svar från kontrollenheten ({ $url }): { $detail }. Försäljningen kan inte registreras – inget har sparats.
