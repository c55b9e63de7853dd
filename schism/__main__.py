from schism.cli import main

raise SystemExit(main())
