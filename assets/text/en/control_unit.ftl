# control_unit: English

## src/control_unit/mod.rs: why the control unit gave no control code
control-unit-unreachable = The control unit is not answering ({ $url }): the sale cannot be registered. Check the control unit and try again – nothing has been saved.
control-unit-out-of-order = The control unit is out of order ({ $url }): { $reason }. The sale cannot be registered until it works again – nothing has been saved. A fault in the control unit must be documented and reported to Skatteverket.
control-unit-refused = The control unit did not accept the registration: { $reason }. Nothing has been saved.
control-unit-protocol = Unexpected answer from the control unit ({ $url }): { $detail }. The sale cannot be registered – nothing has been saved.
