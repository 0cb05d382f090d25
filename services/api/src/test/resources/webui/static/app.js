window.fixture = "st2web";
